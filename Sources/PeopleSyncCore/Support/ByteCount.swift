/// Sizes of files as people read them in messages.
public enum ByteCount {
  /// `1,073,741,824 bytes (1.0 GiB)`: the exact count, and a rounded one in binary units from 1 KiB.
  public static func text(_ bytes: Int) -> String {
    var digits = String(bytes.magnitude)
    var grouped = ""
    while digits.count > 3 {
      grouped = "," + digits.suffix(3) + grouped
      digits.removeLast(3)
    }
    let exact = (bytes < 0 ? "-" : "") + digits + grouped + " byte" + (bytes == 1 ? "" : "s")
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = -1
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    guard unit >= 0 else { return exact }
    let tenths = Int((value * 10).rounded())
    return "\(exact) (\(tenths / 10).\(tenths % 10) \(units[unit]))"
  }
}
