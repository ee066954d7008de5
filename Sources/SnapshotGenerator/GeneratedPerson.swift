/// One generated person, stored as small indexes into `Vocabulary` so that a million of
/// them take about 40 MB; the CSV text is produced only while writing.
public struct GeneratedPerson: Sendable, Equatable {
  /// The employee number: `E0000042` and the `.42` that makes the email unique.
  public var number: Int32
  public var first: UInt16
  public var last: UInt16
  public var department: UInt8
  public var title: UInt8
  public var location: UInt8
  /// 0: `first.last.N@…`; 1: `flast.N@…` (an email change keeps the number, so stays unique).
  public var emailStyle: UInt8
  public var hasPicture: Bool
  /// Gone from the file (a termination the HR system reports by dropping the row).
  public var removed: Bool
  public var costCenter: UInt16
  /// Index of the manager in the snapshot's `people`; -1 for the top of the tree.
  public var manager: Int32
  /// Hire date, as days since 1970-01-01.
  public var hire: Int32
  /// Termination date, as days since 1970-01-01; `GeneratedPerson.none` when there is none.
  public var termination: Int32

  public static let none = Int32.min

  public var hireDay: CivilDay { CivilDay(ordinal: Int(hire)) }
  public var terminationDay: CivilDay? { termination == Self.none ? nil : CivilDay(ordinal: Int(termination)) }

  /// Active on `day`: in the file and not terminated on or before it.
  public func isActive(on day: CivilDay) -> Bool {
    !removed && (termination == Self.none || Int(termination) > day.ordinal)
  }

  public var employeeID: String { String(decoding: Encoded.employeeID(number), as: UTF8.self) }

  public var email: String {
    var bytes: [UInt8] = []
    Encoded.appendEmail(self, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  public var fullName: String {
    "\(Vocabulary.firstNames[Int(first)].display) \(Vocabulary.lastNames[Int(last)].display)"
  }
}
