/// A file found in a drop folder's `uploads/hr_reports/`.
package struct DroppedFile: Equatable, Sendable {
  /// The file's name.
  package var name: String
  /// The file's size in bytes.
  package var size: Int
  /// Seconds since its last modification, when it was listed.
  package var age: Double

  /// A file as listed.
  package init(name: String, size: Int, age: Double) {
    self.name = name
    self.size = size
    self.age = age
  }
}
