import Foundation

/// The plain and the encrypted run of one size, side by side.
struct EncryptionComparison {
  let plain: SizeRun
  let encrypted: SizeRun

  /// Issue 3 allows the encrypted daily sync 1.3 times the plain one.
  static let dailyLimit = 1.3

  /// Every size that ran both ways, in the order the sizes ran.
  static func pairs(_ runs: [SizeRun]) -> [EncryptionComparison] {
    var pairs: [EncryptionComparison] = []
    for plain in runs where !plain.encrypted && !plain.steps.isEmpty {
      if let encrypted = runs.first(where: {
        $0.encrypted && $0.rules == plain.rules && $0.checkout == plain.checkout && $0.employees == plain.employees && !$0.steps.isEmpty
      }) {
        pairs.append(EncryptionComparison(plain: plain, encrypted: encrypted))
      }
    }
    return pairs
  }

  /// The steps both runs took, matched by key.
  var steps: [(plain: StepResult, encrypted: StepResult)] {
    plain.steps.compactMap { step in encrypted.step(step.key).map { (step, $0) } }
  }

  var target: TargetCheck {
    let name = "encrypted daily sync / plain daily sync"
    let limit = String(format: "≤ %.1f×", Self.dailyLimit)
    guard let p = plain.step("sync-daily"), let e = encrypted.step("sync-daily"), p.measurement.status == 0, e.measurement.status == 0,
      p.measurement.wallSeconds > 0
    else { return TargetCheck(name: name, limit: limit, measured: "failed", met: nil) }
    let ratio = e.measurement.wallSeconds / p.measurement.wallSeconds
    let measured = String(
      format: "%.2f× (%.2f s / %.2f s)", ratio, e.measurement.wallSeconds, p.measurement.wallSeconds)
    return TargetCheck(name: name, limit: limit, measured: measured, met: ratio <= Self.dailyLimit)
  }

  static func ratio(_ numerator: Double, _ denominator: Double) -> String {
    denominator > 0 ? String(format: "%.2f", numerator / denominator) : "-"
  }
}
