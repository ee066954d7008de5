/// A file found in a drop folder's `uploads/hr_reports/`.
public struct DroppedFile: Equatable, Sendable {
  public var name: String
  public var size: Int
  /// Seconds since its last modification, when it was listed.
  public var age: Double

  public init(name: String, size: Int, age: Double) {
    self.name = name
    self.size = size
    self.age = age
  }
}
