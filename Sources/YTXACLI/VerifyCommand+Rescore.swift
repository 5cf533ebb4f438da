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
        let digest = Self.outputDigest(output, in: checked)
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
      // The run's own language made its outputs; why it could not run again is said in the
      // language verify was asked for (the batch stops at the same place, in that language).
      var why = errors.withLock { $0 }
      if let recorded = manifest.options["lang"], recorded != (l == .en ? "en" : "vi") {
        let again = Mutex("")
        let console = Console(out: { _ in }, err: { text in again.withLock { $0 += text } })
        if moves { _ = FileManager.default.changeCurrentDirectoryPath(base) }
        var translated: [String] = []
        var index = 0
        while index < arguments.count - 2 {
          if arguments[index] == "--lang" {
            index += 2
            continue
          }
          if !arguments[index].hasPrefix("--lang=") { translated.append(arguments[index]) }
          index += 1
        }
        _ = BatchCommand.run(
          translated + ["--out", temporary + "/again", "--lang", l == .en ? "en" : "vi"],
          console: console, excluding: [checked])
        if moves { _ = FileManager.default.changeCurrentDirectoryPath(here) }
        why = again.withLock { $0 }
      }
      findings.append(
        Finding(
          file: manifest.input,
          what: Message("không chấm lại được: ", "could not be re-scored: ")
            + Message(verbatim: why.trimmingCharacters(in: .whitespacesAndNewlines))))
    }
    if let rerun {
      findings += compareRules(recorded: manifest, rerun: rerun)
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

  /// The SHA-256 of a recorded output, read only when the manifest names a plain file of the
  /// run folder (never `../…` or a path elsewhere), and only up to the size the manifest
  /// records (a file grown since, or one that reads without end, is not read to its end).
  static func outputDigest(_ output: RunManifest.File, in folder: String) -> Result<
    String, Unreadable
  > {
    let name = output.path
    guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\0") else {
      return .failure(
        Unreadable(
          message: Message(
            "bản kê ghi một tên không phải tên tệp trong thư mục kết quả; không đọc",
            "the manifest names something that is not a file name in the run folder; not read")))
    }
    let recorded = max(0, output.bytes ?? 0)
    return FileDigest.of(folder + "/" + name, limit: FileSystem.Limit(bytes: recorded))
      .map(\.sha256).mapError { failure in
        if case .success(let opened) = FileSystem.openRegular(folder + "/" + name) {
          close(opened.descriptor)
          if opened.size > recorded {
            return Unreadable(
              message: Message(
                "dài \(opened.size) byte, bản kê ghi \(recorded) byte",
                "\(opened.size) bytes long; the manifest records \(recorded)"),
              isChanged: true)
          }
        }
        return Unreadable(message: failure.message)
      }
  }

  /// The rules the re-run used (it runs the recorded command) against those the manifest
  /// records: a manifest whose criteria list, registry or options were edited apart from its
  /// command is not vouched for.
  static func compareRules(recorded: RunManifest, rerun: RunManifest) -> [Finding] {
    var findings: [Finding] = []
    func describe(_ list: [RunManifest.Criteria]) -> String {
      list.map { "\($0.role) \($0.id) \($0.file) \(short($0.sha256))" }.joined(separator: "; ")
    }
    if recorded.criteria != rerun.criteria {
      findings.append(
        Finding(
          file: "manifest.json",
          what: Message(
            "bộ tiêu chí bản kê ghi (\(describe(recorded.criteria))) không phải bộ mà lệnh của lần "
              + "chạy dùng (\(describe(rerun.criteria)))",
            "the criteria the manifest records (\(describe(recorded.criteria))) are not those the "
              + "run's command uses (\(describe(rerun.criteria)))")))
    }
    if recorded.registry?.sha256 != rerun.registry?.sha256
      || recorded.registry?.path != rerun.registry?.path
    {
      findings.append(
        Finding(
          file: "manifest.json",
          what: Message(
            "danh mục đơn vị bản kê ghi (\(recorded.registry?.path ?? "—")) không phải danh mục mà "
              + "lệnh của lần chạy dùng (\(rerun.registry?.path ?? "—"))",
            "the registry the manifest records (\(recorded.registry?.path ?? "—")) is not the one "
              + "the run's command uses (\(rerun.registry?.path ?? "—"))")))
    }
    for key in Set(recorded.options.keys).union(rerun.options.keys).sorted()
    where key != "out" && recorded.options[key] != rerun.options[key] {
      findings.append(
        Finding(
          file: "manifest.json",
          what: Message(
            "tùy chọn \(key): bản kê ghi \(recorded.options[key] ?? "—"), lệnh của lần chạy cho "
              + "\(rerun.options[key] ?? "—")",
            "option \(key): the manifest records \(recorded.options[key] ?? "—"), the run's "
              + "command gives \(rerun.options[key] ?? "—")")))
    }
    return findings
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
      case .failure(let why)? where why.isChanged:
        findings.append(
          Finding(
            file: shown,
            what: Message("kết quả đã bị sửa sau lần chạy (", "output changed since the run (")
              + why.message + ")"))
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
