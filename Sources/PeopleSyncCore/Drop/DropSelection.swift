/// What a pickup does with the files of a drop folder: pure, so every case is testable without files.
public struct DropSelection: Equatable, Sendable {
  /// A report the pickup will not ingest, moved to `rejected/` with the reason beside it.
  public struct Refusal: Equatable, Sendable {
    /// The report refused.
    public var file: DroppedFile
    /// Why, in words, as the file beside it says.
    public var reason: String
  }

  /// The report to ingest now, and the date its name carries.
  public var pick: DroppedFile?
  /// The date the picked report's name carries.
  public var pickDay: Day?
  /// Reports still being written (modified too recently); looked at again next time.
  public var waiting: [DroppedFile] = []
  /// Reports that will never be ingested: older than what is in force, superseded, or dated in the future.
  public var refused: [Refusal] = []
  /// Other files, left where they are, with why they are not reports.
  public var ignored: [(name: String, why: String)] = []

  /// Equal when every list is, in order.
  public static func == (lhs: DropSelection, rhs: DropSelection) -> Bool {
    lhs.pick == rhs.pick && lhs.pickDay == rhs.pickDay && lhs.waiting == rhs.waiting && lhs.refused == rhs.refused
      && lhs.ignored.map(\.name) == rhs.ignored.map(\.name) && lhs.ignored.map(\.why) == rhs.ignored.map(\.why)
  }

  /// The name a report must have, for messages.
  public static let pattern = "people_report_YYYY-MM-DD.csv"

  /// The date in a report's name (`people_report_2026-11-29.csv`), or nil when the name is not a
  /// report's. Case-sensitive, as the original product's path is.
  public static func day(ofReport name: String) -> Day? {
    guard let (day, copy) = parse(name), copy == nil else { return nil }
    return day
  }

  /// The date of a report as archived: its name, or its name with a copy number (`people_report_2026-11-29.2.csv`).
  public static func day(ofArchived name: String) -> Day? { parse(name)?.day }

  private static func parse(_ name: String) -> (day: Day, copy: Substring?)? {
    let prefix = "people_report_"
    guard name.hasPrefix(prefix), name.hasSuffix(".csv") else { return nil }
    let middle = name.dropFirst(prefix.count).dropLast(4)
    guard middle.count >= 10, let day = Day(middle.prefix(10)) else { return nil }
    let rest = middle.dropFirst(10)
    if rest.isEmpty { return (day, nil) }
    let copy = rest.dropFirst()
    guard rest.first == ".", !copy.isEmpty, copy.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return (day, copy)
  }

  /// Decides what to do with `files`.
  /// - Parameters:
  ///   - settleSeconds: a report is taken only when it has not been modified for this long, since an
  ///     SFTP upload writes the file in place and its size grows until the client closes it.
  ///   - lastIngested: the date of the last report ingested from this drop, if any.
  ///   - today: the tenant's date; reports dated later are refused.
  public static func decide(files: [DroppedFile], settleSeconds: Double, lastIngested: Day?, today: Day) -> DropSelection {
    var selection = DropSelection()
    var settled: [(file: DroppedFile, day: Day)] = []
    for file in files.sorted(by: { $0.name < $1.name }) {
      guard let day = day(ofReport: file.name) else {
        selection.ignored.append((file.name, whyIgnored(file.name)))
        continue
      }
      // Nothing is moved while it may still be written to: the upload would go on into the moved file.
      if file.age < settleSeconds {
        selection.waiting.append(file)
      } else if day > today {
        selection.refused.append(Refusal(file: file, reason: "its name is dated \(day), after today (\(today)) in the tenant's time zone"))
      } else if let lastIngested, day < lastIngested {
        selection.refused.append(
          Refusal(file: file, reason: "it is older than the last report ingested, dated \(lastIngested); the newer data stays in force"))
      } else {
        settled.append((file, day))
      }
    }
    guard let newest = settled.max(by: { ($0.day, $0.file.name) < ($1.day, $1.file.name) }) else { return selection }
    selection.pick = newest.file
    selection.pickDay = newest.day
    for other in settled where other.file != newest.file {
      selection.refused.append(
        Refusal(
          file: other.file, reason: "a newer report, \(newest.file.name), arrived before it was picked up; only the newest is ingested"))
    }
    selection.refused.sort { $0.file.name < $1.file.name }
    return selection
  }

  static func whyIgnored(_ name: String) -> String {
    if name.hasPrefix(".") || name.hasSuffix(".part") || name.hasSuffix(".filepart") || name.hasSuffix(".tmp") {
      return "a temporary upload name; it is picked up once the upload renames it"
    }
    if day(ofReport: name.lowercased()) != nil {
      return "names are case-sensitive: expected \(pattern)"
    }
    return "not named \(pattern)"
  }
}
