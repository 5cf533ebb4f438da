import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

extension VerifyCommand {
  /// Runs the batch again into a temporary folder (while the checked folder's outputs are
  /// hashed), and compares inputs and outputs with the manifest.
  static func rescore(
    _ manifest: RunManifest, folder: String, base: String, lines: inout [String],
    language l: Language
  ) -> [Finding] {
    var findings: [Finding] = []
    let checked = URL(fileURLWithPath: folder).standardized.path
    let temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("ytxa-verify-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: temporary) }
    var arguments: [String] = []
    var index = 1
    while index < manifest.arguments.count {
      let argument = manifest.arguments[index]
      index += 1
      if argument == "--out" {
        index += 1
      } else if !argument.hasPrefix("--out=") {
        arguments.append(argument)
      }
    }
    arguments += ["--out", temporary + "/out"]
    // The checked folder's outputs are hashed on another thread while the batch runs again.
    let current = Mutex<[String: Result<String, Unreadable>]>([:])
    let hashing = DispatchGroup()
    for output in manifest.outputs {
      DispatchQueue.global().async(group: hashing) {
        let digest = FileDigest.of(checked + "/" + output.path).map(\.sha256).mapError {
          Unreadable(message: $0.message)
        }
        current.withLock { $0[output.path] = digest }
      }
    }
    let errors = Mutex("")
    let silent = Console(out: { _ in }, err: { text in errors.withLock { $0 += text } })
    let here = FileManager.default.currentDirectoryPath
    let moves = base != here
    if moves, !FileManager.default.changeCurrentDirectoryPath(base) {
      hashing.wait()
      return [
        Finding(
          file: base,
          what: Message(
            "không vào được thư mục làm việc của lần chạy", "cannot enter the run's working folder")
        )
      ]
    }
    let code = BatchCommand.run(arguments, console: silent, excluding: [checked])
    if moves { _ = FileManager.default.changeCurrentDirectoryPath(here) }
    hashing.wait()
    let recordedPath = folder + "/manifest.json"
    let rerunPath = temporary + "/out/manifest.json"
    let rerun = try? RunManifest.stream(contentsOf: rerunPath) { _ in }
    if code == ExitCode.usage || code == ExitCode.outputFailure || rerun == nil {
      findings.append(
        Finding(
          file: manifest.input,
          what: Message("không chấm lại được: ", "could not be re-scored: ")
            + Message(
              verbatim: errors.withLock { $0 }.trimmingCharacters(in: .whitespacesAndNewlines))))
    }
    if rerun != nil {
      let (inputs, count) = compareInputs(recorded: recordedPath, now: rerunPath)
      lines.append(
        l.pick("Đầu vào: \(count) tệp — ", "Inputs: \(count) files — ")
          + (inputs.isEmpty
            ? l.pick("khớp", "match") : l.pick("\(inputs.count) khác", "\(inputs.count) differ")))
      findings += inputs
    }
    let outputs = compareOutputs(
      manifest.outputs, now: current.withLock { $0 }, rerun: rerun?.outputs, folder: folder)
    lines.append(
      l.pick(
        "Kết quả: \(manifest.outputs.count) tệp — ", "Outputs: \(manifest.outputs.count) files — ")
        + (outputs.isEmpty
          ? l.pick(
            "khớp với bản kê; chấm lại cho cùng từng byte",
            "match the manifest; re-scoring gives the same bytes")
          : l.pick("\(outputs.count) khác", "\(outputs.count) differ")))
    return findings + outputs
  }

  /// What is kept of a recorded input while the inputs of the re-run are read: 8 bytes of its
  /// path's SHA-256 as the key, 16 of its own digest, its rows; so memory grows by about 40
  /// bytes per input instead of the input's entry. (Two different paths or digests agreeing in
  /// 64 or 128 bits of SHA-256 is not a practical concern.)
  struct Fingerprint {
    var digest: (UInt64, UInt64)?
    var rows: Int?
    var seen = false
  }

  static func key(_ path: String) -> UInt64 {
    SHA256.digest(Array(path.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
  }

  static func digest(_ hex: String?) -> (UInt64, UInt64)? {
    guard let hex, hex.utf8.count == 64 else { return nil }
    let bytes = Array(hex.utf8)
    func half(_ start: Int) -> UInt64? {
      UInt64(String(decoding: bytes[start..<start + 16], as: UTF8.self), radix: 16)
    }
    guard let high = half(0), let low = half(16) else { return nil }
    return (high, low)
  }

  /// Inputs changed, gone, or new since the run, and how many the run had: both manifests are
  /// read a piece at a time (the recorded one twice, to name what is gone), so memory does not
  /// grow with the number of inputs beyond a fingerprint each. At most ``listed`` findings are
  /// kept; the rest are counted.
  static func compareInputs(recorded: String, now: String) -> (findings: [Finding], count: Int) {
    var findings: [Finding] = []
    var more = 0
    func add(_ finding: Finding) {
      if findings.count < listed { findings.append(finding) } else { more += 1 }
    }
    var kept: [UInt64: Fingerprint] = [:]
    var count = 0
    _ = try? RunManifest.stream(contentsOf: recorded) { file in
      kept[key(file.path)] = Fingerprint(digest: digest(file.sha256), rows: file.rows)
      count += 1
    }
    _ = try? RunManifest.stream(contentsOf: now) { found in
      let path = key(found.path)
      guard var file = kept[path] else {
        add(
          Finding(
            file: found.path,
            what: Message("đầu vào mới, không có trong lần chạy", "new input, not in the run")))
        return
      }
      file.seen = true
      kept[path] = file
      let same = file.digest.map { [$0.0, $0.1] } == digest(found.sha256).map { [$0.0, $0.1] }
      // The recorded digest's first 12 digits, as `short` shows one.
      let was = file.digest.map { short(String(format: "%016llx", $0.0)) } ?? "—"
      if !same {
        add(
          Finding(
            file: found.path,
            what: found.sha256 == nil
              ? Message("đầu vào không đọc được: ", "input unreadable: ")
                + Message(verbatim: found.error ?? "")
              : Message(
                "đầu vào đã đổi (SHA-256 \(was) → \(short(found.sha256)))",
                "input changed (SHA-256 \(was) → \(short(found.sha256)))")))
      } else if found.rows != file.rows {
        add(
          Finding(
            file: found.path,
            what: Message(
              "số dòng đổi: \(file.rows ?? 0) → \(found.rows ?? 0)",
              "rows changed: \(file.rows ?? 0) → \(found.rows ?? 0)")))
      }
    }
    if kept.values.contains(where: { !$0.seen }) {
      _ = try? RunManifest.stream(contentsOf: recorded) { file in
        if kept[key(file.path)]?.seen == false {
          add(Finding(file: file.path, what: Message("đầu vào không còn", "input is gone")))
        }
      }
    }
    if more > 0 {
      findings.append(
        Finding(
          file: "…",
          what: Message(
            "và \(more) đầu vào khác nữa (chỉ liệt kê \(listed) đầu tiên)",
            "and \(more) more inputs (only the first \(listed) are listed)")))
    }
    return (findings, count)
  }

  /// How many differing inputs are listed one by one.
  static let listed = 1000

  /// Outputs changed in the folder since the run, and outputs that re-scoring makes differently.
  static func compareOutputs(
    _ recorded: [RunManifest.File], now: [String: Result<String, Unreadable>],
    rerun: [RunManifest.File]?, folder: String
  ) -> [Finding] {
    var findings: [Finding] = []
    var made: [String: RunManifest.File] = [:]
    for file in rerun ?? [] { made[file.path] = file }
    for file in recorded {
      let shown = folder + "/" + file.path
      switch now[file.path] {
      case .success(let sha)? where sha == file.sha256: break
      case .success(let sha)?:
        findings.append(
          Finding(
            file: shown,
            what: Message(
              "kết quả đã bị sửa sau lần chạy (SHA-256 \(short(file.sha256)) → \(short(sha)))",
              "output changed since the run (SHA-256 \(short(file.sha256)) → \(short(sha)))")))
      case .failure(let why)?:
        findings.append(
          Finding(
            file: shown,
            what: Message("kết quả không đọc được: ", "output unreadable: ") + why.message))
      case nil: break
      }
      guard rerun != nil else { continue }
      if let again = made[file.path] {
        if again.sha256 != file.sha256 {
          findings.append(
            Finding(
              file: file.path,
              what: Message(
                "chấm lại cho nội dung khác (SHA-256 \(short(file.sha256)) → \(short(again.sha256)))",
                "re-scoring gives other bytes (SHA-256 \(short(file.sha256)) → "
                  + "\(short(again.sha256)))")))
        }
      } else {
        findings.append(
          Finding(
            file: file.path,
            what: Message("chấm lại không tạo tệp này", "re-scoring does not make it")))
      }
    }
    for file in rerun ?? [] where !recorded.contains(where: { $0.path == file.path }) {
      findings.append(
        Finding(
          file: file.path,
          what: Message("chấm lại tạo thêm tệp này", "re-scoring makes this file too")))
    }
    return findings
  }
}
