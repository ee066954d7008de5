/// Where a long command says how far it has got: the phase it is in, and how much of it is done.
/// The CLI shows this on a terminal (`ProgressLine`); everywhere else it goes nowhere
/// (`SilentProgress`). Reported through `Settings.progress`, never printed by the app layer.
package protocol ProgressSink: Sendable {
  /// A new phase begins, ending the one before. `unit` names what `advance` counts ("rows",
  /// "entries", "bytes"; nil when nothing is counted); `total` is the count it will reach, when known.
  func begin(_ phase: String, unit: String?, total: Int?)
  /// `count` more units of the current phase are done. Called from loops over every row or
  /// entry: it must cost next to nothing.
  func advance(_ count: Int)
}

extension ProgressSink {
  /// A phase nothing is counted in.
  package func begin(_ phase: String) { begin(phase, unit: nil, total: nil) }
}

/// Progress that goes nowhere: the default, for tests, pipes and `--quiet`.
package struct SilentProgress: ProgressSink {
  package init() {}
  package func begin(_ phase: String, unit: String?, total: Int?) {}
  package func advance(_ count: Int) {}
}
