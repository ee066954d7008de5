import PeopleSyncCLI
import Testing

@Suite("argument splitting")
struct ArgumentsTests {
  static let specs = [
    OptionSpec("push", value: "REMOTE", optional: true, help: ""), OptionSpec("as-of", value: "DAY", help: ""),
    OptionSpec("quiet", help: ""),
  ]

  @Test(
    "an option whose value is optional is a flag, with the next word as its value unless that is an option",
    arguments: [
      (["--push"], nil), (["--push", "upstream"], "upstream"), (["--push=file:///srv/state.git"], "file:///srv/state.git"),
      (["--push", "--as-of", "2026-11-29"], nil),
      (["--as-of", "2026-11-29", "--push", "git@example.com:state.git"], "git@example.com:state.git"),
    ] as [([String], String?)])
  func optionalValue(words: [String], remote: String?) throws {
    let arguments = try Arguments.parse(words, specs: Self.specs)
    #expect(arguments.flag("push"))
    #expect(arguments.value("push") == remote)
    #expect(arguments.positionals.isEmpty)
  }

  @Test("without the option there is neither flag nor value; a required value is still required")
  func absent() throws {
    let arguments = try Arguments.parse(["--quiet"], specs: Self.specs)
    #expect(!arguments.flag("push") && arguments.value("push") == nil)
    #expect(throws: UsageError.self) { try Arguments.parse(["--as-of"], specs: Self.specs) }
  }

  @Test("help shows an optional value in brackets")
  func synopsis() {
    #expect(Self.specs.map(\.synopsis) == ["--push [REMOTE]", "--as-of DAY", "--quiet"])
  }
}
