/// A file found in a drop folder's `uploads/hr_reports/`.
public struct DroppedFile: Equatable, Sendable {
  /// The file's name.
  public var name: String
  /// The file's size in bytes.
  public var size: Int
  /// Seconds since its last modification, when it was listed.
  public var age: Double

  /// A file as listed.
  public init(name: String, size: Int, age: Double) {
    self.name = name
    self.size = size
    self.age = age
  }
}
