import Foundation
import Testing

/// Python 3 as an independent implementation for the tests (`hashlib`, `hmac`, `http.client`).
enum Python {
  /// Runs `script` with `arguments`; its standard output. Fails the test when python3 does not
  /// run it through (`needs` says what it must have).
  static func run(_ script: String, _ arguments: [String] = [], needs: String) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python3 with \(needs) is needed")
    return output
  }
}
