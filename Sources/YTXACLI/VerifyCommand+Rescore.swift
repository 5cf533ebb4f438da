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
    let rerun = try? RunManifest(contentsOf: temporary + "/out/manifest.json")
    if code == ExitCode.usage || code == ExitCode.outputFailure || rerun == nil {
      findings.append(
        Finding(
          file: manifest.input,
          what: Message("không chấm lại được: ", "could not be re-scored: ")
            + Message(
              verbatim: errors.withLock { $0 }.trimmingCharacters(in: .whitespacesAndNewlines))))
    }
    if let rerun {
      let inputs = compareInputs(manifest.inputs, rerun.inputs)
      lines.append(
        l.pick(
          "Đầu vào: \(manifest.inputs.count) tệp — ", "Inputs: \(manifest.inputs.count) files — ")
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

  /// Inputs changed, gone, or new since the run.
  static func compareInputs(_ recorded: [RunManifest.File], _ now: [RunManifest.File]) -> [Finding]
  {
    var findings: [Finding] = []
    var byPath: [String: RunManifest.File] = [:]
    for file in now { byPath[file.path] = file }
    var seen: Set<String> = []
    for file in recorded {
      seen.insert(file.path)
      guard let found = byPath[file.path] else {
        findings.append(
          Finding(file: file.path, what: Message("đầu vào không còn", "input is gone")))
        continue
      }
      if found.sha256 != file.sha256 {
        findings.append(
          Finding(
            file: file.path,
            what: found.sha256 == nil
              ? Message("đầu vào không đọc được: ", "input unreadable: ")
                + Message(verbatim: found.error ?? "")
              : Message(
                "đầu vào đã đổi (SHA-256 \(short(file.sha256)) → \(short(found.sha256)))",
                "input changed (SHA-256 \(short(file.sha256)) → \(short(found.sha256)))")))
      } else if found.rows != file.rows {
        findings.append(
          Finding(
            file: file.path,
            what: Message(
              "số dòng đổi: \(file.rows ?? 0) → \(found.rows ?? 0)",
              "rows changed: \(file.rows ?? 0) → \(found.rows ?? 0)")))
      }
    }
    for file in now where !seen.contains(file.path) {
      findings.append(
        Finding(
          file: file.path,
          what: Message("đầu vào mới, không có trong lần chạy", "new input, not in the run")))
    }
    return findings
  }

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
