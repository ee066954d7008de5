import Foundation
import TestSupport
import Testing

@testable import PeopleSyncCore

/// Parses text given as a Swift string (UTF-8).
private func parseCSV(
  _ text: String, delimiter: CSVOptions.Delimiter = .auto, quoting: CSVOptions.Quoting = .auto
) -> Result<CSVTable, CSVError> {
  CSVParser.parse(Array(text.utf8), delimiter: delimiter, quoting: quoting)
}

/// Every record of a table, header included.
private func allRecords(_ table: CSVTable) -> [[String]] { (0..<table.recordCount).map { table.record($0) } }

/// The line each record starts on.
private func startLines(_ table: CSVTable) -> [Int] { (0..<table.recordCount).map { table.line(of: $0) } }

/// The error of a parse that must fail.
private func csvFailure(_ result: Result<CSVTable, CSVError>, sourceLocation: SourceLocation = #_sourceLocation) -> CSVError? {
  switch result {
  case .success(let table):
    Issue.record("expected a failure, parsed \(allRecords(table))", sourceLocation: sourceLocation)
    return nil
  case .failure(let error):
    return error
  }
}

@Suite("CSVParser")
struct CSVParserTests {
  // MARK: RFC 4180

  @Test func plainRecords() throws {
    let table = try parseCSV("Full Name,Email\nAda,ada@x.example\nGrace,grace@x.example\n").get()
    #expect(allRecords(table) == [["Full Name", "Email"], ["Ada", "ada@x.example"], ["Grace", "grace@x.example"]])
    #expect(startLines(table) == [1, 2, 3])
    #expect(table.delimiter == UInt8(ascii: ","))
    #expect(table.quoting == .rfc4180)
    #expect(table.hadByteOrderMark == false)
  }

  @Test func doubledQuotesAreOneQuote() throws {
    let table = try parseCSV("Name,Nick\n\"Diego \"\"Dee\"\" López\",\"\"\"\"\n").get()
    #expect(table.record(1) == ["Diego \"Dee\" López", "\""])
    #expect(table.quoting == .rfc4180)
  }

  @Test func separatorsInsideQuotesAreData() throws {
    let table = try parseCSV("Name,Title\n\"Lopez, Diego\",\"VP; Sales\tEMEA\"\n").get()
    #expect(table.record(1) == ["Lopez, Diego", "VP; Sales\tEMEA"])
    #expect(table.fieldCount(of: 1) == 2)
  }

  @Test func emptyAndQuotedEmptyFields() throws {
    let table = try parseCSV("a,b,c\n,\"\",\n\"\",,x\n").get()
    #expect(table.record(1) == ["", "", ""])
    #expect(table.record(2) == ["", "", "x"])
    #expect(table.isBlank(1, 0) && table.isBlank(1, 1) && table.isBlank(1, 2))
    #expect(!table.isBlank(2, 2))
  }

  @Test func fieldsAreTrimmedOfSpacesAndTabs() throws {
    let table = try parseCSV("a,b\n  Ada Lovelace \t,\" padded \"\n").get()
    #expect(table.record(1) == ["Ada Lovelace", "padded"])
    #expect(try parseCSV("a,b\n   ,\t\n").get().isBlank(1, 0))
  }

  @Test func embeddedNewlinesKeepLaterLineNumbersRight() throws {
    let text = "Name,Note\n\"Ada\",\"first line\nsecond line\nthird line\"\nGrace,plain\n\n\"Alan\",\"a\r\nb\"\nLast,one\n"
    let table = try parseCSV(text).get()
    #expect(
      allRecords(table) == [
        ["Name", "Note"], ["Ada", "first line\nsecond line\nthird line"], ["Grace", "plain"], ["Alan", "a\r\nb"], ["Last", "one"],
      ])
    #expect(startLines(table) == [1, 2, 5, 7, 9])
  }

  @Test func embeddedNewlineInTheHeader() throws {
    let table = try parseCSV("\"Full\nName\",Email\nAda,a@x.example\n").get()
    #expect(table.record(0) == ["Full\nName", "Email"])
    #expect(startLines(table) == [1, 3])
  }

  // MARK: Line ends

  @Test(arguments: [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")])
  func lineEnds(name: String, end: String) throws {
    let text = ["Full Name,Email", "Ada,ada@x.example", "\"Grace\",\"grace@x.example\""].joined(separator: end) + end
    let table = try parseCSV(text).get()
    #expect(allRecords(table) == [["Full Name", "Email"], ["Ada", "ada@x.example"], ["Grace", "grace@x.example"]], "\(name)")
    #expect(startLines(table) == [1, 2, 3], "\(name)")
  }

  @Test func mixedLineEnds() throws {
    let table = try parseCSV("h1,h2\r\na,b\nc,d\re,f").get()
    #expect(allRecords(table) == [["h1", "h2"], ["a", "b"], ["c", "d"], ["e", "f"]])
    #expect(startLines(table) == [1, 2, 3, 4])
  }

  @Test(arguments: ["a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2\n\n\n"])
  func trailingNewlineOrNot(text: String) throws {
    let table = try parseCSV(text).get()
    #expect(allRecords(table) == [["a", "b"], ["1", "2"]])
  }

  @Test func lastFieldEmptyWithoutTrailingNewline() throws {
    let table = try parseCSV("a,b\n1,").get()
    #expect(table.record(1) == ["1", ""])
  }

  @Test func blankLinesAreSkippedAndCounted() throws {
    let table = try parseCSV("h\n\n\na\n\r\n\nb\n").get()
    #expect(allRecords(table) == [["h"], ["a"], ["b"]])
    #expect(startLines(table) == [1, 4, 7])
  }

  @Test func blankLinesBeforeTheHeader() throws {
    let table = try parseCSV("\n\nFull Name,Email\nAda,a@x.example\n").get()
    #expect(table.record(0) == ["Full Name", "Email"])
    #expect(startLines(table) == [3, 4])
  }

  /// Old Excel for Mac ("CSV (Macintosh)") ends lines with a lone CR: a quoted
  /// value spanning lines must move the line count on just as LF does.
  @Test func loneCREmbeddedInQuotesCountsAsALine() throws {
    let table = try parseCSV("h1,h2\r\"multi\rline\",x\rnext,y\r").get()
    #expect(table.record(1) == ["multi\rline", "x"])
    #expect(startLines(table) == [1, 2, 4])
  }

  // MARK: Byte order mark

  @Test func utf8ByteOrderMarkIsSkippedAndRecorded() throws {
    let table = try CSVParser.parse([0xEF, 0xBB, 0xBF] + Array("Full Name,Email\r\nAda,a@x.example\r\n".utf8)).get()
    #expect(table.hadByteOrderMark)
    #expect(table.record(0) == ["Full Name", "Email"])
    #expect(table.record(0)[0].unicodeScalars.first == "F")
    #expect(startLines(table) == [1, 2])
  }

  @Test func byteOrderMarkBeforeAQuotedHeader() throws {
    let table = try CSVParser.parse([0xEF, 0xBB, 0xBF] + Array("\"Full Name\",\"Email\"\n\"Ada\",\"a@x.example\"\n".utf8)).get()
    #expect(table.hadByteOrderMark)
    #expect(table.record(0) == ["Full Name", "Email"])
  }

  // MARK: The original product's variant

  static let backslashFile =
    "\"Full Name\",\"Email\",\"Title\"\r\n"
    + "\"Milton \\\"Red Stapler\\\" Waddams\",\"milton@initech.example\",\"Collator\"\r\n"
    + "\"Tom Smykowski\",\"tom@initech.example\",\"C:\\\\Shares\\\\Liaison\"\r\n"
    + "\"Bob \\\"Bob\\\" Porter\",\"bob@initech.example\",\"\"\r\n"

  @Test func backslashVariantWithExplicitQuoting() throws {
    let table = try parseCSV(Self.backslashFile, quoting: .backslash).get()
    #expect(
      allRecords(table) == [
        ["Full Name", "Email", "Title"],
        ["Milton \"Red Stapler\" Waddams", "milton@initech.example", "Collator"],
        ["Tom Smykowski", "tom@initech.example", "C:\\Shares\\Liaison"],
        ["Bob \"Bob\" Porter", "bob@initech.example", ""],
      ])
    #expect(startLines(table) == [1, 2, 3, 4])
    #expect(table.quoting == .backslash)
  }

  @Test func backslashVariantIsDetectedUnderAuto() throws {
    let table = try parseCSV(Self.backslashFile).get()
    #expect(table.quoting == .backslash)
    #expect(table.record(1) == ["Milton \"Red Stapler\" Waddams", "milton@initech.example", "Collator"])
    #expect(table.record(2)[2] == "C:\\Shares\\Liaison")
  }

  @Test func backslashVariantIsRefusedUnderStrictRFC4180() throws {
    let error = try #require(csvFailure(parseCSV(Self.backslashFile, quoting: .rfc4180)))
    #expect(error.kind == .textAfterQuote)
    #expect(error.line == 2)
  }

  @Test func backslashEscapedNewlineCountsAsALine() throws {
    let table = try parseCSV("\"a\",\"b\"\n\"one\\\ntwo\",\"x\"\n\"next\",\"y\"\n", quoting: .backslash).get()
    #expect(table.record(1) == ["one\ntwo", "x"])
    #expect(startLines(table) == [1, 2, 4])
  }

  @Test func rfc4180FileStaysRFC4180UnderAuto() throws {
    let table = try parseCSV("Name,Path\n\"Dee \"\"D\"\"\",C:\\temp\n").get()
    #expect(table.quoting == .rfc4180)
    #expect(table.record(1) == ["Dee \"D\"", "C:\\temp"])
  }

  @Test func initechExampleParsesAsBackslashVariant() throws {
    let bytes = [UInt8](try Data(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/initech/sources/legacy-hr.csv")))
    let table = try CSVParser.parse(bytes, quoting: .backslash).get()
    #expect(table.record(0).first == "Name")
    #expect(table.recordCount > 1)
    for record in 1..<table.recordCount { #expect(table.fieldCount(of: record) == table.fieldCount(of: 0)) }
    #expect(allRecords(table).contains { $0.first == "Milton \"Red Stapler\" Waddams" })
    let auto = try CSVParser.parse(bytes).get()
    #expect(allRecords(auto) == allRecords(table))
  }

  // MARK: Delimiters

  @Test func excelSemicolonExportWithByteOrderMark() throws {
    let text = "Full Name;Email;Department\r\nAda Lovelace;ada@x.example;R&D, Labs\r\n\"Grace; Hopper\";grace@x.example;Navy\r\n"
    let table = try CSVParser.parse([0xEF, 0xBB, 0xBF] + Array(text.utf8)).get()
    #expect(table.delimiter == UInt8(ascii: ";"))
    #expect(table.hadByteOrderMark)
    #expect(
      allRecords(table) == [
        ["Full Name", "Email", "Department"], ["Ada Lovelace", "ada@x.example", "R&D, Labs"], ["Grace; Hopper", "grace@x.example", "Navy"],
      ])
  }

  @Test func tabDelimitedIsDetected() throws {
    let table = try parseCSV("Full Name\tEmail\tTitle\nAda\ta@x.example\tCount, Countess\n").get()
    #expect(table.delimiter == 0x09)
    #expect(table.record(1) == ["Ada", "a@x.example", "Count, Countess"])
  }

  @Test func separatorsInsideQuotedHeaderNamesDoNotCount() throws {
    let table = try parseCSV("\"a;b;c\",d,e\n1,2,3\n").get()
    #expect(table.delimiter == UInt8(ascii: ","))
    #expect(table.record(0) == ["a;b;c", "d", "e"])
  }

  @Test func onlyTheHeaderLineDecidesTheSeparator() throws {
    let table = try parseCSV("Full Name,Email\nA;B;C;D,x\n").get()
    #expect(table.delimiter == UInt8(ascii: ","))
    #expect(table.record(1) == ["A;B;C;D", "x"])
  }

  @Test func tieAndSingleColumnFallBackToComma() throws {
    #expect(try parseCSV("a,b;c\n").get().delimiter == UInt8(ascii: ","))
    #expect(try parseCSV("Email\nx@y.example\n").get().delimiter == UInt8(ascii: ","))
  }

  @Test func explicitDelimiterWins() throws {
    let table = try parseCSV("a,b;c,d\n1,2;3,4\n", delimiter: .semicolon).get()
    #expect(table.delimiter == UInt8(ascii: ";"))
    #expect(table.record(1) == ["1,2", "3,4"])
    #expect(try parseCSV("a;b\tc\n", delimiter: .tab).get().record(0) == ["a;b", "c"])
    #expect(try parseCSV("a;b;c\n", delimiter: .comma).get().record(0) == ["a;b;c"])
  }

  // MARK: Quoting errors

  @Test(arguments: [CSVOptions.Quoting.auto, .rfc4180, .backslash])
  func unterminatedQuoteNamesTheLineItOpenedOn(quoting: CSVOptions.Quoting) throws {
    let text = "h1,h2\na,b\nc,\"never closed\nd,e\nf,g\n"
    let error = try #require(csvFailure(parseCSV(text, quoting: quoting)))
    #expect(error.kind == .unterminatedQuote)
    #expect(error.line == 3)
    #expect(error.description.hasPrefix("line 3: "))
  }

  @Test func unterminatedQuoteAfterMultilineValue() throws {
    let error = try #require(csvFailure(parseCSV("h1,h2\n\"a\nb\",x\n\"open,y\n")))
    #expect(error.kind == .unterminatedQuote)
    #expect(error.line == 4)
  }

  @Test func textAfterClosingQuote() throws {
    let error = try #require(csvFailure(parseCSV("h1,h2\nok,fine\n\"Ada\"Lovelace,x\n", quoting: .rfc4180)))
    #expect(error.kind == .textAfterQuote)
    #expect(error.line == 3)
    #expect(error.message.contains("\"\""))
    let auto = try #require(csvFailure(parseCSV("h1,h2\nok,fine\n\"Ada\"Lovelace,x\n")))
    #expect(auto.kind == .textAfterQuote)
    #expect(auto.line == 3)
  }

  @Test func spaceAfterClosingQuoteIsTextAfterQuote() throws {
    let error = try #require(csvFailure(parseCSV("a,b\n\"x\" ,y\n", quoting: .rfc4180)))
    #expect(error.kind == .textAfterQuote)
    #expect(error.line == 2)
  }

  // MARK: Encoding

  @Test(arguments: [[UInt8(0xFF), 0xFE], [0xFE, 0xFF]])
  func utf16ByteOrderMarkIsAnEncodingError(bom: [UInt8]) throws {
    let utf16 = bom + Array("Full Name,Email\n".utf8).flatMap { bom[0] == 0xFF ? [$0, 0] : [0, $0] }
    let error = try #require(csvFailure(CSVParser.parse(utf16)))
    #expect(error.kind == .encoding)
    #expect(error.line == 1)
    #expect(error.message.contains("UTF-16"))
  }

  @Test func utf16WithoutByteOrderMarkIsAnEncodingError() throws {
    let utf16: [UInt8] = Array("Full Name,Email\nAda,a@x.example\n".utf8).flatMap { byte -> [UInt8] in [byte, 0] }
    let error = try #require(csvFailure(CSVParser.parse(utf16)))
    #expect(error.kind == .encoding)
    #expect(error.line == 1)
    #expect(error.message.contains("NUL"))
  }

  @Test func latin1ByteNamesLineAndColumn() throws {
    let bytes =
      Array("Full Name,Email\nAda,a@x.example\nJos".utf8) + [0xE9] + Array(" Garc".utf8) + [0xED] + Array("a,jose@x.example\n".utf8)
    let error = try #require(csvFailure(CSVParser.parse(bytes)))
    #expect(error.kind == .encoding)
    #expect(error.line == 3)
    #expect(error.message.contains("column 4"))
    #expect(error.message.contains("0xE9"))
    #expect(error.message.contains("UTF-8"))
  }

  @Test func latin1ByteOnTheFirstLineAfterAByteOrderMark() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Caf".utf8) + [0xE9] + Array(",Email\n".utf8)
    let error = try #require(csvFailure(CSVParser.parse(bytes)))
    #expect(error.kind == .encoding)
    #expect(error.line == 1)
    #expect(error.message.contains("column 4"))
  }

  @Test func latin1ByteInsideAMultilineQuotedValue() throws {
    let bytes = Array("a,b\n\"x\ny\",z\nok,".utf8) + [0xFC] + Array("\n".utf8)
    let error = try #require(csvFailure(CSVParser.parse(bytes)))
    #expect(error.kind == .encoding)
    #expect(error.line == 4)
    #expect(error.message.contains("column 4"))
  }

  /// A Mac Roman or Latin-1 file saved by old Excel for Mac has lone-CR line ends; the error must still point at the right line.
  @Test func latin1ByteInAFileWithLoneCRLineEnds() throws {
    let bytes = Array("Full Name,Email\rAda,a@x.example\rJos".utf8) + [0xE9] + Array(",jose@x.example\r".utf8)
    let error = try #require(csvFailure(CSVParser.parse(bytes)))
    #expect(error.kind == .encoding)
    #expect(error.line == 3)
    #expect(error.message.contains("column 4"))
  }

  @Test(arguments: [
    ("overlong NUL", [UInt8(0xC0), 0x80]),
    ("overlong slash", [0xE0, 0x80, 0xAF]),
    ("surrogate", [0xED, 0xA0, 0x80]),
    ("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
    ("lone continuation", [0x80]),
    ("0xFF", [0xFF]),
    ("truncated sequence at the end", [0xE2, 0x82]),
  ])
  func invalidUTF8Sequences(name: String, bad: [UInt8]) throws {
    let bytes = Array("h1,h2\nok,".utf8) + bad
    let error = try #require(csvFailure(CSVParser.parse(bytes)), "\(name)")
    #expect(error.kind == .encoding, "\(name)")
    #expect(error.line == 2, "\(name)")
  }

  @Test func validMultibyteUTF8IsKept() throws {
    let table = try parseCSV("Name,City\nZoë Adeyemi,Zürich\nSøren,東京\n😀 Emoji,x\n").get()
    #expect(table.record(1) == ["Zoë Adeyemi", "Zürich"])
    #expect(table.record(2) == ["Søren", "東京"])
    #expect(table.record(3) == ["😀 Emoji", "x"])
  }

  @Test func longASCIIRunBeforeABadByteIsStillFound() throws {
    // The checker reads eight bytes at a time: put the bad byte at every alignment.
    for padding in 0..<16 {
      let bytes = Array("h\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 40 + padding) + [0xE9]
      let error = try #require(csvFailure(CSVParser.parse(bytes)))
      #expect(error.kind == .encoding)
      #expect(error.line == 2)
      #expect(error.message.contains("column \(41 + padding)"))
    }
  }

  @Test func nulBytesAreAnEncodingError() throws {
    let error = try #require(csvFailure(CSVParser.parse(Array("a,b\nc,d\ne,".utf8) + [0, 0x66])))
    #expect(error.kind == .encoding)
    #expect(error.line == 3)
    #expect(error.message.contains("NUL"))
  }

  // MARK: Empty files

  @Test(arguments: [
    ("empty", [UInt8]()),
    ("newlines", Array("\n\n\r\n".utf8)),
    ("spaces and tabs", Array("   \t \n  \r\n\t".utf8)),
    ("byte order mark only", [0xEF, 0xBB, 0xBF]),
    ("byte order mark and newlines", [0xEF, 0xBB, 0xBF, 0x0D, 0x0A]),
  ])
  func emptyFiles(name: String, bytes: [UInt8]) throws {
    let error = try #require(csvFailure(CSVParser.parse(bytes)), "\(name)")
    #expect(error.kind == .empty, "\(name)")
    #expect(error.line == 1, "\(name)")
  }

  // MARK: Size limits

  @Test func recordJustUnderTheLimitIsRead() throws {
    let long = String(repeating: "x", count: CSVParser.maxRecordBytes - 16)
    let table = try parseCSV("h\n\(long)\nnext\n").get()
    #expect(table.record(1) == [long])
    #expect(table.record(2) == ["next"])
  }

  /// A line of `count` bytes of the given shape.
  private static func longLine(_ shape: String, count: Int) -> [UInt8] {
    switch shape {
    case "quoted": [0x22] + [UInt8](repeating: UInt8(ascii: "x"), count: count)
    case "separators": Array(repeating: Array("abcdefg,".utf8), count: count / 7 + 1).flatMap { $0 }
    default: [UInt8](repeating: UInt8(ascii: "x"), count: count)
    }
  }

  @Test(arguments: ["unquoted", "quoted", "separators"])
  func recordOverTheLimitIsRefused(shape: String) throws {
    let bytes = Array("h1,h2\nok,1\n".utf8) + Self.longLine(shape, count: CSVParser.maxRecordBytes + 8) + Array("\"\n".utf8)
    let error = try #require(csvFailure(CSVParser.parse(bytes)), "\(shape)")
    #expect(error.kind == .recordTooLong, "\(shape)")
    #expect(error.line == 3, "\(shape)")
  }

  @Test(arguments: ["unquoted", "quoted", "separators"])
  func tenMegabyteSingleLineFailsFast(shape: String) throws {
    let bytes = Array("Full Name,Email\n".utf8) + Self.longLine(shape, count: 10_000_000) + [0x0A]
    let clock = ContinuousClock()
    var result: Result<CSVTable, CSVError>?
    let elapsed = clock.measure { result = CSVParser.parse(bytes) }
    let error = try #require(csvFailure(result!), "\(shape)")
    #expect(error.kind == .recordTooLong, "\(shape)")
    #expect(error.line == 2, "\(shape)")
    #expect(elapsed < .seconds(5), "\(shape): took \(elapsed)")
  }

  @Test func unclosedQuoteInABigFileIsTooLongNotAHang() throws {
    let bytes = Array("h\n\"".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 3 << 20)
    let error = try #require(csvFailure(CSVParser.parse(bytes)))
    #expect(error.kind == .recordTooLong)
    #expect(error.line == 2)
    #expect(error.message.contains("quote"))
  }

  // MARK: Shape

  @Test func raggedRecordsKeepTheirFieldCounts() throws {
    let table = try parseCSV("a,b,c\n1\n1,2,3,4\n,\n").get()
    #expect((0..<table.recordCount).map { table.fieldCount(of: $0) } == [3, 1, 4, 2])
  }

  @Test func largeFileKeepsEveryRecordAndLine() throws {
    var text = "Full Name,Email,Note\n"
    for index in 0..<5_000 { text += "Person \(index),p\(index)@x.example,\"line\nbreak \(index)\"\n" }
    let table = try parseCSV(text).get()
    #expect(table.recordCount == 5_001)
    #expect(table.line(of: 5_000) == 2 + 4_999 * 2)
    #expect(table.record(4_321) == ["Person 4320", "p4320@x.example", "line\nbreak 4320"])
  }
}
