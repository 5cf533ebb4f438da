import Foundation
import YTXAFormats
import YTXAKit

extension Store {
  /// What `serve export` wrote.
  package struct Export: Sendable {
    package var files = 0
    package var bytes = 0
    package var auditLines = 0
  }

  /// Writes the store as plain files to `out` (which must not exist), read while the server
  /// runs: what the audit log holds up to now, and nothing later.
  ///
  /// - the store's own files (`store.json`, `accounts.json`, `audit.jsonl`, `submissions/`,
  ///   `register/`), so that the copy is a store `serve check` verifies and `serve` can run
  ///   from (a backup);
  /// - `rounds/R/CODE.TYPE`: each round's current submissions, by commune (what `ytxa council
  ///   --round R` reads);
  /// - `latest/CODE.json`: each commune's latest submission as an evidence file (`evidence`
  ///   gives the bytes: `ytxa score --format evidence`), what `ytxa batch` and `ytxa plan` read
  ///   from a folder;
  /// - `manifest.json`: every file with its SHA-256 and size, and the audit log's last line's.
  ///
  /// Written in a folder beside `out`, every file synced, then renamed: a kill leaves no export
  /// or a whole one.
  package func export(
    to out: String, at time: String, evidence: (_ path: String) -> [UInt8]?
  ) throws(StoreError) -> Export {
    let manager = FileManager.default
    guard !manager.fileExists(atPath: out) else {
      throw StoreError(
        "\(out): đã có; serve export cần một thư mục chưa có.",
        "\(out): exists; serve export needs a folder that does not exist yet.")
    }
    let reading = AuditLog.read(auditPath)
    if let problem = reading.problems.first {
      throw StoreError(
        "nhật ký kiểm tra bị hỏng (\(problem)); chạy 'ytxa serve check'.",
        "the audit log is damaged (\(problem)); run 'ytxa serve check'.")
    }
    var ledger = Ledger()
    for record in reading.records { ledger.apply(record) }
    let staging = out + ".ytxa-export-\(getpid())"
    try? manager.removeItem(atPath: staging)
    var written: [(path: String, sha256: String, size: Int)] = []
    func make(_ relative: String) throws(StoreError) {
      guard mkdir(staging + "/" + relative, 0o700) == 0 || errno == EEXIST else {
        throw StoreError.system(staging + "/" + relative, errno)
      }
    }
    func put(_ bytes: [UInt8], _ relative: String) throws(StoreError) {
      try Self.write(bytes, to: staging + "/" + relative)
      written.append((relative, SHA256.hex(bytes), bytes.count))
    }
    func copy(_ from: String, _ relative: String) throws(StoreError) {
      guard case .success(let bytes) = FileSystem.read(folder + "/" + from, limit: .table) else {
        throw StoreError("\(from): không đọc được.", "\(from): cannot be read.")
      }
      try put(bytes, relative)
    }
    try make("")
    for sub in ["submissions", "register", "rounds", "latest"] { try make(sub) }
    try copy("store.json", "store.json")
    try copy("accounts.json", "accounts.json")
    // The log's whole lines as read (a line being written now is not part of the export).
    try put(
      reading.records.flatMap { $0.line + [0x0A] }, "audit.jsonl")
    // A file once, though two accounts sent the same bytes.
    var copied: Set<String> = []
    for submission in ledger.submissions {
      let name = "submissions/" + submission.id + "." + submission.type
      guard copied.insert(name).inserted else { continue }
      try copy(name, name)
    }
    for entry in ledger.register { try copy(entry.file, entry.file) }
    for round in ledger.rounds {
      try make("rounds/" + round.name)
      for entry in round.current {
        guard let submission = ledger.submission(entry.submission) else { continue }
        try copy(
          "submissions/" + submission.id + "." + submission.type,
          "rounds/\(round.name)/\(submission.unit).\(submission.type)")
      }
    }
    var latest: [String: Submission] = [:]
    for submission in ledger.submissions { latest[submission.unit] = submission }
    for (unit, submission) in latest.sorted(by: { $0.key < $1.key }) {
      guard let bytes = evidence(path(of: submission)) else {
        throw StoreError(
          "submissions/\(submission.id).\(submission.type): không đọc lại được thành tệp số liệu.",
          "submissions/\(submission.id).\(submission.type): cannot be read back as an evidence "
            + "file.")
      }
      try put(bytes, "latest/\(unit).json")
    }
    let files = written.sorted { $0.path < $1.path }
    try put(
      JSONOutput.object([
        "schemaVersion": .int(Self.schemaVersion), "province": .string(province.digits),
        "exportedAt": .string(time), "auditLines": .int(reading.records.count),
        "auditLastLine": .string(reading.lastHash),
        "files": .array(
          files.map {
            .object([
              "path": .string($0.path), "sha256": .string($0.sha256), "bytes": .int($0.size),
            ])
          }),
      ]).bytes(pretty: true), "manifest.json")
    guard rename(staging, out) == 0 else { throw StoreError.system(out, errno) }
    return Export(
      files: written.count, bytes: written.reduce(0) { $0 + $1.size },
      auditLines: reading.records.count)
  }

  /// An export's `manifest.json`, when the folder has one: every file it lists, whole.
  func checkManifest() -> [String] {
    let path = folder + "/manifest.json"
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    guard case .object(let manifest)? = try? JSONParser.parse(Self.readSmall(path) ?? []),
      case .array(let files)? = manifest["files"]
    else { return ["manifest.json: not a manifest"] }
    // A copy that has been served from since is a store of its own: its log has grown.
    if case .number(let lines)? = manifest["auditLines"],
      Int(lines) != AuditLog.read(auditPath).records.count
    {
      return []
    }
    var problems: [String] = []
    for file in files {
      guard case .object(let item) = file, case .string(let name)? = item["path"],
        case .string(let sha)? = item["sha256"], !name.contains(".."), !name.hasPrefix("/")
      else {
        problems.append("manifest.json: an entry is damaged")
        continue
      }
      guard case .success(let digest) = FileDigest.of(folder + "/" + name, limit: .table) else {
        problems.append("\(name): listed in manifest.json, missing")
        continue
      }
      if digest.sha256 != sha {
        problems.append("\(name): not the bytes manifest.json lists (SHA-256 \(digest.sha256))")
      }
    }
    return problems
  }
}
