import Foundation
import YTXAFormats
import YTXAKit

/// Why the store cannot do what was asked, in a sentence (both languages).
package struct StoreError: Error, Sendable {
  package var message: Message

  package init(_ vietnamese: String, _ english: String) {
    message = Message(vietnamese, english)
  }

  package static func system(_ path: String, _ code: Int32) -> StoreError {
    let reason = String(cString: strerror(code))
    return StoreError("\(path): lỗi hệ thống: \(reason)", "\(path): system error: \(reason)")
  }
}

/// The server's store: a folder, no database server (interfaces §10), documented key by key in
/// `Documentation/Server.md`:
///
/// - `store.json`: `{"schemaVersion", "province", "createdAt"}`, written last by `serve init`:
///   a folder without it is not a store;
/// - `accounts.json`: `{"schemaVersion", "accounts": [...], "pending"}`: every account (its
///   password as a PBKDF2 hash), and the audit record of the change that made this version;
/// - `audit.jsonl`: the audit log (``AuditLog``);
/// - `lock`: held (`flock`) by the one process that writes: `ytxa serve` or a `serve user`
///   command.
///
/// A change is made in two writes: the new `accounts.json` (atomic: written aside, synced,
/// renamed) carrying the change's audit record as `pending`, then that record appended to the
/// log (synced). A kill between them leaves the new state with its line missing (or cut short);
/// the next writer appends it before anything else, and `serve check` says so and passes.
package final class Store: @unchecked Sendable {
  package static let schemaVersion = 1

  package let folder: String
  package let province: ProvinceCode
  /// The accounts, read by the server's threads (changes are made under the same lock).
  package private(set) var accounts: [Account] {
    get { guardLock.withLock { storedAccounts } }
    set { guardLock.withLock { storedAccounts = newValue } }
  }
  private var storedAccounts: [Account]
  private let guardLock = NSLock()
  private var pending: AuditLog.Record?
  private var lockDescriptor: Int32 = -1

  private init(
    folder: String, province: ProvinceCode, accounts: [Account], pending: AuditLog.Record?
  ) {
    self.folder = folder
    self.province = province
    self.storedAccounts = accounts
    self.pending = pending
  }

  deinit {
    if lockDescriptor >= 0 { close(lockDescriptor) }
  }

  var auditPath: String { folder + "/audit.jsonl" }
  var accountsPath: String { folder + "/accounts.json" }

  // MARK: Creating

  /// Creates the store in `folder` (absent or empty) with its first administrator: every file
  /// is made in a folder beside it, then renamed into place, so that a kill leaves no store or a
  /// whole one.
  package static func create(
    folder: String, province: ProvinceCode, admin: String, password: String, at time: String
  ) throws(StoreError) {
    guard Account.isValidName(admin) else { throw Self.badName(admin) }
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard isFolder.boolValue, (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true
      else {
        throw StoreError(
          "\(folder): đã có và không trống; serve init cần một thư mục mới hoặc trống.",
          "\(folder): exists and is not empty; serve init needs a new or empty folder.")
      }
    }
    guard let hash = PasswordHash.make(password) else {
      throw StoreError(
        "hệ thống không cho số ngẫu nhiên; không tạo được mật khẩu.",
        "the system gives no random bytes; no password can be made.")
    }
    let staging = folder + ".ytxa-init-\(getpid())"
    try? manager.removeItem(atPath: staging)
    do {
      try manager.createDirectory(
        atPath: staging, withIntermediateDirectories: false,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw StoreError(
        "\(staging): không tạo được thư mục.", "\(staging): cannot create the folder.")
    }
    let store = Store(folder: staging, province: province, accounts: [], pending: nil)
    let account = Account(
      name: admin, role: .admin, unit: nil, province: province, language: .vi, disabled: false,
      password: hash, createdAt: time)
    let record = AuditLog.Record(
      seq: 1, at: time, actor: "-", action: "store.init",
      details: ["province": province.digits, "admin": admin], prev: AuditLog.origin)
    try store.save(accounts: [account], pending: record)
    try AuditLog.append(record, to: store.auditPath)
    try Self.write(
      JSONOutput.object([
        "schemaVersion": .int(schemaVersion), "province": .string(province.digits),
        "createdAt": .string(time),
      ]).bytes(pretty: true), to: staging + "/store.json")
    if isFolder.boolValue { rmdir(folder) }
    guard rename(staging, folder) == 0 else { throw StoreError.system(folder, errno) }
  }

  // MARK: Opening

  /// Opens the store in `folder`; `writing` takes the lock (one writer at a time) and first
  /// completes a change whose audit line a crash left missing.
  package static func open(_ given: String, writing: Bool) throws(StoreError) -> Store {
    // Absolute, so that the server may work from inside it.
    let folder = URL(fileURLWithPath: given).standardizedFileURL.path
    let marker = folder + "/store.json"
    guard case .object(let info)? = try? JSONParser.parse(Self.readSmall(marker) ?? []),
      case .string(let code)? = info["province"], let province = ProvinceCode(code)
    else {
      throw StoreError(
        "\(given): không phải kho dữ liệu của ytxa serve (thiếu hoặc hỏng store.json); tạo bằng "
          + "'ytxa serve init'.",
        "\(given): not a ytxa serve store (store.json missing or damaged); create one with "
          + "'ytxa serve init'.")
    }
    let store = Store(folder: folder, province: province, accounts: [], pending: nil)
    if writing { try store.lock() }
    try store.loadAccounts()
    if writing {
      try store.completePending()
      // The register's folder is there from the start: `--register` reads it, empty or not.
      guard mkdir(store.registerFolder, 0o700) == 0 || errno == EEXIST else {
        throw StoreError.system(store.registerFolder, errno)
      }
      store.removeStrayRegisterFiles()
    } else {
      store.replay(AuditLog.read(store.auditPath).records)
    }
    return store
  }

  private func lock() throws(StoreError) {
    let descriptor = Foundation.open(folder + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw StoreError.system(folder + "/lock", errno) }
    // A lock let go a moment ago (a process just stopped, or a child it spawned still holding
    // the descriptor until its exec closes it) is waited for, briefly.
    var locked = false
    for _ in 0..<20 {
      locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
      if locked { break }
      usleep(50_000)
    }
    guard locked else {
      close(descriptor)
      throw StoreError(
        "\(folder): một tiến trình khác (ytxa serve hoặc lệnh serve user) đang dùng kho này; "
          + "mỗi kho chỉ một máy chủ.",
        "\(folder): another process (ytxa serve or a serve user command) is using this store; "
          + "one server per store.")
    }
    lockDescriptor = descriptor
  }

  private func loadAccounts() throws(StoreError) {
    guard case .object(let object)? = try? JSONParser.parse(Self.readSmall(accountsPath) ?? []),
      case .array(let list)? = object["accounts"]
    else {
      throw StoreError(
        "\(accountsPath): thiếu hoặc hỏng.", "\(accountsPath): missing or damaged.")
    }
    var found: [Account] = []
    for (index, item) in list.enumerated() {
      guard let account = Account(json: item) else {
        throw StoreError(
          "\(accountsPath): tài khoản thứ \(index + 1) hỏng.",
          "\(accountsPath): account \(index + 1) is damaged.")
      }
      found.append(account)
    }
    accounts = found
    if case .object(let record)? = object["pending"] {
      pending = AuditLog.Record(line: JSONOutput.object(record.output).bytes(pretty: false))
    }
  }

  /// The audit line of the last change, if a crash left it missing or cut short: appended now.
  private func completePending() throws(StoreError) {
    let reading = AuditLog.read(auditPath)
    if let problem = reading.problems.first {
      throw StoreError(
        "nhật ký kiểm tra bị hỏng (\(problem)); không thay đổi gì. Chạy 'ytxa serve check'.",
        "the audit log is damaged (\(problem)); nothing is changed. Run 'ytxa serve check'.")
    }
    // A last line cut short was never committed (a line counts once whole and synced): it goes.
    if let torn = reading.torn {
      let size = (try? FileManager.default.attributesOfItem(atPath: auditPath)[.size] as? Int) ?? 0
      guard truncate(auditPath, off_t(size - torn.count)) == 0 else {
        throw StoreError.system(auditPath, errno)
      }
    }
    replay(reading.records)
    head = (reading.records.count, reading.lastHash)
    guard let pending, pending.seq == reading.records.count + 1 else { return }
    try AuditLog.append(pending, to: auditPath)
    head = (pending.seq, SHA256.hex(pending.line))
  }

  // MARK: What the log holds

  /// What the audit log's lines make: the submissions, the rounds and the register's entries.
  package struct Ledger: Sendable {
    /// Every submission, in the order received (its `submission.add` line).
    package var submissions: [Submission] = []
    /// Every round, in the order opened (``Round``).
    package var rounds: [Round] = []
    /// The register's files, in the order added (``RegisterEntry``).
    package var register: [RegisterEntry] = []
    /// Where each id's first submission stands in ``submissions``.
    private var firstIndex: [String: Int] = [:]

    /// The submission with this id (the first received, when two accounts sent the same bytes).
    package func submission(_ id: String) -> Submission? {
      firstIndex[id].map { submissions[$0] }
    }

    mutating func apply(_ record: AuditLog.Record) {
      if let submission = Submission(record: record) {
        if firstIndex[submission.id] == nil { firstIndex[submission.id] = submissions.count }
        submissions.append(submission)
      } else if let entry = RegisterEntry(record: record) {
        register.append(entry)
      } else {
        Round.apply(record, to: &rounds)
      }
    }
  }

  /// A consistent view of the ledger (the server's threads read it while one writes).
  package var ledger: Ledger { guardLock.withLock { storedLedger } }
  private var storedLedger = Ledger()

  package var submissions: [Submission] { ledger.submissions }
  package var rounds: [Round] { ledger.rounds }

  private func replay(_ records: [AuditLog.Record]) {
    var ledger = Ledger()
    for record in records { ledger.apply(record) }
    guardLock.withLock { storedLedger = ledger }
  }
  /// The log's line count and last line's hash, kept by the one writer.
  private var head: (count: Int, hash: String) = (0, AuditLog.origin)
  /// One change at a time within the process (the lock file keeps other processes out).
  private let writing = NSLock()

  var submissionsFolder: String { folder + "/submissions" }

  /// The stored file of a submission.
  package func path(of submission: Submission) -> String {
    submissionsFolder + "/" + submission.id + "." + submission.type
  }

  /// Keeps an evidence file: the bytes under their SHA-256 (written aside, synced, renamed;
  /// never overwritten), then the `submission.add` line of the audit log, which makes it a
  /// submission. The same bytes from the same account again are the same submission.
  package func addSubmission(_ bytes: [UInt8], draft: Submission) throws(StoreError) -> Submission {
    precondition(lockDescriptor >= 0, "a store changes only when opened for writing")
    writing.lock()
    defer { writing.unlock() }
    var made = draft
    made.id = SHA256.hex(bytes)
    if let existing = submissions.first(where: { $0.id == made.id && $0.account == made.account }) {
      return existing
    }
    if !FileManager.default.fileExists(atPath: submissionsFolder) {
      guard mkdir(submissionsFolder, 0o700) == 0 || errno == EEXIST else {
        throw StoreError.system(submissionsFolder, errno)
      }
    }
    let path = self.path(of: made)
    if !FileManager.default.fileExists(atPath: path) { try Self.write(bytes, to: path) }
    try append(actor: made.account, action: Submission.action, details: made.details, at: made.at)
    return made
  }

  var latestFolder: String { folder + "/latest" }

  /// Writes `latest/CODE.json`: a commune's latest submission as the evidence file the engine
  /// reads it as (``ServeApp`` makes the bytes with `ytxa score --format evidence`).
  func writeLatest(unit: String, _ bytes: [UInt8]) {
    mkdir(latestFolder, 0o700)
    try? Self.write(bytes, to: latestFolder + "/" + unit + ".json")
  }

  /// Appends one line to the audit log (synced) and applies it to the ledger. The caller holds
  /// `writing`.
  func append(actor: String, action: String, details: [String: String], at time: String)
    throws(StoreError)
  {
    let record = AuditLog.Record(
      seq: head.count + 1, at: time, actor: actor, action: action, details: details,
      prev: head.hash)
    try AuditLog.append(record, to: auditPath)
    head = (record.seq, SHA256.hex(record.line))
    guardLock.withLock { storedLedger.apply(record) }
  }

  /// Runs `change` as the one writer: under the process's lock, with the store opened for
  /// writing.
  func writingChange<T>(_ change: () throws(StoreError) -> T) throws(StoreError) -> T {
    precondition(lockDescriptor >= 0, "a store changes only when opened for writing")
    writing.lock()
    defer { writing.unlock() }
    return try change()
  }

  // MARK: Changing

  /// Makes one change to the accounts, logged: `change` edits the list; `action` and
  /// `details` describe it for the audit log.
  package func change(
    actor: String, action: String, details: [String: String], at time: String,
    _ change: (inout [Account]) throws(StoreError) -> Void
  ) throws(StoreError) {
    precondition(lockDescriptor >= 0, "a store changes only when opened for writing")
    writing.lock()
    defer { writing.unlock() }
    var updated = accounts
    try change(&updated)
    let record = AuditLog.Record(
      seq: head.count + 1, at: time, actor: actor, action: action, details: details,
      prev: head.hash)
    try save(accounts: updated, pending: record)
    accounts = updated
    pending = record
    try AuditLog.append(record, to: auditPath)
    head = (record.seq, SHA256.hex(record.line))
  }

  private func save(accounts: [Account], pending: AuditLog.Record) throws(StoreError) {
    guard case .object(let record)? = try? JSONParser.parse(pending.line) else {
      throw StoreError("bản ghi kiểm tra không hợp lệ.", "the audit record is not valid.")
    }
    try Self.write(
      JSONOutput.object([
        "schemaVersion": .int(Self.schemaVersion), "accounts": .array(accounts.map(\.json)),
        "pending": .object(record.output),
      ]).bytes(pretty: true), to: accountsPath)
  }

  package static func badName(_ name: String) -> StoreError {
    StoreError(
      "tên tài khoản \"\(name.abbreviated)\" không hợp lệ: 1–64 ký tự chữ không dấu, số, . _ -",
      "account name \"\(name.abbreviated)\" is not valid: 1–64 letters without accents, digits, "
        + ". _ -")
  }

  // MARK: Checking

  /// What `serve check` finds: problems (the store is not sound) and notes (sound, with
  /// something said).
  package struct Check: Sendable {
    package var problems: [String] = []
    package var notes: [String] = []
    package var auditLines = 0
    package var accounts = 0
    package var submissions = 0
    package var rounds = 0
    /// Rows of the register.
    package var decisions = 0
  }

  /// Verifies the store without changing it.
  package func check() -> Check {
    var result = Check()
    result.accounts = accounts.count
    let reading = AuditLog.read(auditPath)
    result.problems += reading.problems
    result.auditLines = reading.records.count
    let names = accounts.map(\.name)
    if Set(names).count != names.count { result.problems.append("accounts.json: a name twice") }
    if !accounts.contains(where: { $0.role == .admin && !$0.disabled }) {
      result.problems.append("accounts.json: no administrator left")
    }
    guard reading.problems.isEmpty else { return result }
    if let pending {
      if pending.seq == reading.records.count + 1,
        reading.torn.map({ pending.line.starts(with: $0) }) ?? true
      {
        result.notes.append(
          "the last change (audit seq \(pending.seq), \(pending.action)) lacks its audit line "
            + "(the process stopped between its two writes); the next start of ytxa serve "
            + "appends it")
      } else if reading.torn != nil {
        result.notes.append(Self.tornNote)
      } else if pending.seq > reading.records.count + 1
        || reading.records.first(where: { $0.seq == pending.seq }).map({ $0 != pending }) ?? true
      {
        result.problems.append(
          "accounts.json: its change (audit seq \(pending.seq)) is not the one in audit.jsonl")
      }
    } else if reading.torn != nil {
      result.notes.append(Self.tornNote)
    }
    // What the log holds: every submission's file whole (its SHA-256 is its name), every
    // register file its recorded bytes, every round's entries in the store.
    var ledger = Ledger()
    for record in reading.records { ledger.apply(record) }
    let kept = ledger.submissions
    result.submissions = kept.count
    var named: Set<String> = []
    for submission in kept {
      let path = self.path(of: submission)
      named.insert(submission.id + "." + submission.type)
      guard case .success(let digest) = FileDigest.of(path, limit: .table) else {
        result.problems.append("submissions/\(submission.id).\(submission.type): missing")
        continue
      }
      if digest.sha256 != submission.id {
        result.problems.append(
          "submissions/\(submission.id).\(submission.type): its bytes are not the ones received "
            + "(SHA-256 \(digest.sha256))")
      }
    }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: submissionsFolder)) ?? []
    let orphans = files.filter { !named.contains($0) && !$0.hasPrefix(".") }
    if !orphans.isEmpty {
      result.notes.append(
        "\(orphans.count) file(s) in submissions/ without their audit line (received while the "
          + "process stopped): not submissions")
    }
    // Every register file, whole; a file without its line is not in the register.
    for entry in ledger.register {
      guard case .success(let digest) = FileDigest.of(folder + "/" + entry.file, limit: .table)
      else {
        result.problems.append("\(entry.file): missing")
        continue
      }
      if digest.sha256 != entry.sha256 {
        result.problems.append(
          "\(entry.file): its bytes are not the ones recorded (SHA-256 \(digest.sha256))")
      }
    }
    let entries = Set(ledger.register.map(\.file))
    let stray = ((try? FileManager.default.contentsOfDirectory(atPath: registerFolder)) ?? [])
      .filter { !$0.hasPrefix(".") && !entries.contains("register/" + $0) }
    if !stray.isEmpty {
      result.notes.append(
        "\(stray.count) file(s) in register/ without their audit line (the process stopped "
          + "while recording): not in the register; the next start of ytxa serve removes them")
    }
    // Every round's entries name submissions of the store.
    for round in ledger.rounds {
      for entry in round.entries where ledger.submission(entry.submission) == nil {
        result.problems.append(
          "round \(round.name): submission \(entry.submission) is not in the store")
      }
    }
    result.problems += checkManifest()
    result.rounds = ledger.rounds.count
    result.decisions = ledger.register.reduce(0) { $0 + $1.rows }
    return result
  }

  static let tornNote =
    "the audit log's last line is cut short (the process stopped while writing it): it was not "
    + "committed, and the next start of ytxa serve removes it"

  // MARK: Files

  static func write(_ bytes: [UInt8], to path: String) throws(StoreError) {
    do {
      // The store's files are the server's alone (accounts hold password hashes).
      try AtomicFile.write(bytes, to: path, mode: 0o600)
    } catch {
      throw StoreError(
        "\(path): không ghi được: \(error.reason)", "\(path): cannot write: \(error.reason)")
    }
  }

  static func readSmall(_ path: String) -> [UInt8]? {
    guard case .success(let bytes) = FileSystem.read(path, limit: .table) else { return nil }
    return bytes
  }
}

extension JSONObject {
  /// The object again as output (members in their order; the writer sorts keys).
  var output: JSONOutput.Members {
    var members: JSONOutput.Members = [:]
    for member in self.members { members[member.key] = member.value.output }
    return members
  }
}

extension JSONValue {
  var output: JSONOutput {
    switch self {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .number(let text): .number(text)
    case .string(let text): .string(text)
    case .array(let items): .array(items.map(\.output))
    case .object(let object): .object(object.output)
    }
  }
}
