/// One generated person, stored as small indexes into `Vocabulary` so that a million of
/// them take about 40 MB; the CSV text is produced only while writing.
public struct GeneratedPerson: Sendable, Equatable {
  /// The employee number: `E0000042` and the `.42` that makes the email unique.
  public var number: Int32
  /// Index of the first name in `Vocabulary.firstNames`.
  public var first: UInt16
  /// Index of the surname in `Vocabulary.lastNames`.
  public var last: UInt16
  /// Index of the department in `Vocabulary.departments`.
  public var department: UInt8
  /// Index of the title in the department's `titles`.
  public var title: UInt8
  /// Index of the location in `Vocabulary.locations`.
  public var location: UInt8
  /// 0: `first.last.N@…`; 1: `flast.N@…` (an email change keeps the number, so stays unique).
  public var emailStyle: UInt8
  /// True when the row has a picture URL.
  public var hasPicture: Bool
  /// Gone from the file (a termination the HR system reports by dropping the row).
  public var removed: Bool
  /// The cost center number, written as the `Cost Center` custom column.
  public var costCenter: UInt16
  /// Index of the manager in the snapshot's `people`; -1 for the top of the tree.
  public var manager: Int32
  /// Hire date, as days since 1970-01-01.
  public var hire: Int32
  /// Termination date, as days since 1970-01-01; `GeneratedPerson.none` when there is none.
  public var termination: Int32

  /// The `termination` of someone without a termination date.
  public static let none = Int32.min

  /// The hire date.
  public var hireDay: CivilDay { CivilDay(ordinal: Int(hire)) }
  /// The termination date, when there is one.
  public var terminationDay: CivilDay? { termination == Self.none ? nil : CivilDay(ordinal: Int(termination)) }

  /// Active on `day`: in the file and not terminated on or before it.
  public func isActive(on day: CivilDay) -> Bool {
    !removed && (termination == Self.none || Int(termination) > day.ordinal)
  }

  /// The Employee ID: `E` and the number in seven digits (`E0000042`).
  public var employeeID: String { String(decoding: Encoded.employeeID(number), as: UTF8.self) }

  /// The email as the CSV writes it.
  public var email: String {
    var bytes: [UInt8] = []
    Encoded.appendEmail(self, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// First name and surname, as displayed.
  public var fullName: String {
    "\(Vocabulary.firstNames[Int(first)].display) \(Vocabulary.lastNames[Int(last)].display)"
  }
}
