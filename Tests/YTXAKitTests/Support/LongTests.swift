import Foundation

/// The long loops (kill storms, large fuzz rounds, big runs) at their full counts only when the
/// environment has `YTXA_LONG_TESTS=1` (CI sets it); a plain `swift test` runs the same cases at
/// smaller counts, so that every property keeps a test in the default run and the default run
/// stays quick.
enum LongTests {
  /// Whether `YTXA_LONG_TESTS=1`.
  static let enabled = ProcessInfo.processInfo.environment["YTXA_LONG_TESTS"] == "1"

  /// `long` when the long tests are on, else `quick`.
  static func count(_ quick: Int, long: Int) -> Int { enabled ? long : quick }
}
