import Foundation
import Testing

@testable import YTXACLI

/// Runs `ytxa` in-process (fast, for most CLI tests) or as the built executable (end to end).
enum CLIRunner {
  struct Output {
    var code: Int32
    var out: String
    var err: String
  }

  final class Buffer: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ more: String) { lock.withLock { text += more } }
    var value: String { lock.withLock { text } }
  }

  /// Runs the command in this process; `secrets` are the passwords it reads, in order.
  static func run(_ arguments: [String], secrets: [String] = []) -> Output {
    let out = Buffer()
    let err = Buffer()
    let pending = Secrets(secrets)
    let console = Console(out: { out.append($0) }, err: { err.append($0) }).reading {
      _ in pending.next()
    }
    let code = YTXACommand.run(arguments, console: console)
    return Output(code: code, out: out.value, err: err.value)
  }

  /// Runs the command in this process, keeping stdout as bytes (a binary format), with stdout
  /// taken for a terminal or not.
  static func runBinary(_ arguments: [String], outputIsTerminal: Bool = false) -> (
    code: Int32, out: [UInt8], err: String
  ) {
    let out = ByteBuffer()
    let err = Buffer()
    let console = Console(
      out: { out.append(Array($0.utf8)) }, err: { err.append($0) }, outBytes: { out.append($0) },
      isOutputTerminal: outputIsTerminal)
    let code = YTXACommand.run(arguments, console: console)
    return (code, out.value, err.value)
  }

  /// Passwords handed out one at a time.
  final class Secrets: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String]
    init(_ items: [String]) { self.items = items }
    func next() -> String? { lock.withLock { items.isEmpty ? nil : items.removeFirst() } }
  }

  final class ByteBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    func append(_ more: [UInt8]) { lock.withLock { bytes += more } }
    var value: [UInt8] { lock.withLock { bytes } }
  }

  /// The built `ytxa` beside the test bundle.
  static var executable: URL {
    let exe = URL(
      fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0])
    var folder = exe.deletingLastPathComponent()
    // The test runner is .build/<triple>/debug/<name>.xctest (a file on Linux).
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ytxa").path),
      folder.path != "/"
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("ytxa")
  }

  /// Runs `executable` with `arguments`, killing it after `timeout` seconds (a hang then shows
  /// as `timedOut`, not as a test run that never ends). Both pipes are drained at once: a child
  /// that fills one while the other is read would never finish.
  static func runProcess(
    _ arguments: [String], timeout: Double, in directory: URL? = nil,
    executable: URL = executable, environment: [String: String]? = nil
  ) throws -> (output: Output, timedOut: Bool) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let out = Buffer()
    let err = Buffer()
    let readers = DispatchGroup()
    for (pipe, buffer) in [(outPipe, out), (errPipe, err)] {
      DispatchQueue.global().async(group: readers) {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        buffer.append(String(decoding: data, as: UTF8.self))
      }
    }
    try process.run()
    let timedOut = finished.wait(timeout: .now() + timeout) == .timedOut
    if timedOut {
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
    }
    readers.wait()
    return (
      Output(code: process.terminationStatus, out: out.value, err: err.value), timedOut
    )
  }

  /// Runs the built executable in `directory`, without a time limit.
  static func runProcess(
    _ arguments: [String], in directory: URL? = nil, executable: URL = executable,
    environment: [String: String]? = nil
  ) throws -> Output {
    try runProcess(
      arguments, timeout: 86_400, in: directory, executable: executable,
      environment: environment
    ).output
  }
}
