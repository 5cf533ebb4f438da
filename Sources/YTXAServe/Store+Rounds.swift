import Foundation
import YTXAFormats
import YTXAKit

/// One file of the store's register (interfaces §9, §10): the decisions a province account
/// recorded or uploaded at once, kept as it was checked, never edited; a decision is corrected by
/// a later entry. Its record is its `register.add` line in the audit log.
package struct RegisterEntry: Sendable, Equatable {
  static let action = "register.add"
  /// The file types a register file may have.
  package static let types = ["csv", "xlsx"]

  /// `register/000001.csv`: numbered in the order added, so that the folder's order is the
  /// register's.
  package var file: String
  package var sha256: String
  package var rows: Int
  /// The name the file was uploaded as (or `form` for a decision entered on the page).
  package var name: String
  package var account: String
  package var at: String

  init?(record: AuditLog.Record) {
    let d = record.details
    guard record.action == Self.action, let file = d["file"], Self.isValidFile(file),
      let sha = d["sha256"], sha.utf8.count == 64, let rows = d["rows"].flatMap(Int.init)
    else { return nil }
    self.init(
      file: file, sha256: sha, rows: rows, name: d["name"] ?? "", account: record.actor,
      at: record.at)
  }

  init(file: String, sha256: String, rows: Int, name: String, account: String, at: String) {
    self.file = file
    self.sha256 = sha256
    self.rows = rows
    self.name = name
    self.account = account
    self.at = at
  }

  /// `register/` and six digits and a register type: nothing else is ever read as an entry.
  static func isValidFile(_ file: String) -> Bool {
    let parts = file.split(separator: "/")
    guard parts.count == 2, parts[0] == "register" else { return false }
    let name = parts[1].split(separator: ".")
    return name.count == 2 && name[0].utf8.count == 6 && name[0].allSatisfy(\.isASCII)
      && name[0].allSatisfy(\.isNumber) && types.contains(String(name[1]))
  }
}

extension Store {
  var registerFolder: String { folder + "/register" }

  /// The register's files, in the order added: what `--register` is given.
  package var registerPaths: [String] { ledger.register.map { folder + "/" + $0.file } }

  // MARK: Rounds

  /// Opens round `name` (`YYYY-MM`) with its registration deadline: one round open at a time,
  /// a month's round once.
  package func openRound(_ name: String, deadline: String, actor: String, at time: String)
    throws(StoreError)
  {
    guard Round.isValidName(name) else {
      throw StoreError(
        "đợt cần dạng YYYY-MM (tháng thẩm định), gặp \"\(name.abbreviated)\".",
        "a round is a month YYYY-MM (the council's month), found \"\(name.abbreviated)\".")
    }
    guard let day = Day(iso: deadline), day.iso == deadline else {
      throw StoreError(
        "hạn đăng ký cần dạng YYYY-MM-DD, gặp \"\(deadline.abbreviated)\".",
        "the registration deadline is a day YYYY-MM-DD, found \"\(deadline.abbreviated)\".")
    }
    try writingChange { () throws(StoreError) in
      let rounds = self.rounds
      if rounds.contains(where: { $0.name == name }) {
        throw StoreError("đợt \(name) đã được mở.", "round \(name) was opened already.")
      }
      if let open = rounds.first(where: \.isOpen) {
        throw StoreError(
          "đợt \(open.name) đang mở; đóng đợt đó trước khi mở đợt mới.",
          "round \(open.name) is open; close it before opening another.")
      }
      try append(
        actor: actor, action: Round.Action.open.rawValue,
        details: ["round": name, "deadline": deadline], at: time)
    }
  }

  /// Submits `submission` (one of `account`'s unit's) to round `name`, on or before its
  /// deadline; a commune's later submission replaces its earlier one (both kept).
  package func submit(
    _ submission: Submission, to name: String, actor: String, today: Day, at time: String
  ) throws(StoreError) {
    try writingChange { () throws(StoreError) in
      let round = try openRound(name)
      if let deadline = Day(iso: round.deadline), deadline < today {
        throw StoreError(
          "đã quá hạn đăng ký của đợt \(name) (\(round.deadline)).",
          "the registration deadline of round \(name) (\(round.deadline)) has passed.")
      }
      if round.current.contains(where: { $0.submission == submission.id }) {
        throw StoreError(
          "hồ sơ này đã được nộp vào đợt \(name).",
          "this submission is already submitted to round \(name).")
      }
      try append(
        actor: actor, action: Round.Action.submit.rawValue,
        details: ["round": name, "submission": submission.id, "unit": submission.unit], at: time)
    }
  }

  /// Returns a submission of round `name` to its commune with `comment` (said to the commune).
  package func returnSubmission(
    _ id: String, in name: String, comment: String, actor: String, at time: String
  ) throws(StoreError) {
    let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty, text.count <= 2000, !text.unicodeScalars.contains(where: Self.isHazard)
    else {
      throw StoreError(
        "cần một nhận xét cho xã (1–2000 ký tự, không ký tự điều khiển).",
        "a comment for the commune is needed (1–2000 characters, no control characters).")
    }
    try writingChange { () throws(StoreError) in
      let round = try openRound(name)
      guard round.current.contains(where: { $0.submission == id }) else {
        throw StoreError(
          "hồ sơ này không phải hồ sơ đang nộp trong đợt \(name).",
          "this submission is not one currently submitted to round \(name).")
      }
      try append(
        actor: actor, action: Round.Action.return.rawValue,
        details: ["round": name, "submission": id, "comment": text], at: time)
    }
  }

  /// Closes round `name`: no more submissions or returns.
  package func closeRound(_ name: String, actor: String, at time: String) throws(StoreError) {
    try writingChange { () throws(StoreError) in
      _ = try openRound(name)
      try append(
        actor: actor, action: Round.Action.close.rawValue, details: ["round": name], at: time)
    }
  }

  private func openRound(_ name: String) throws(StoreError) -> Round {
    guard let round = rounds.first(where: { $0.name == name }) else {
      throw StoreError("không có đợt \(name.abbreviated).", "no round \(name.abbreviated).")
    }
    guard round.isOpen else {
      throw StoreError("đợt \(name) đã đóng.", "round \(name) is closed.")
    }
    return round
  }

  /// A control or bidirectional character, refused in text kept from a client (a line break
  /// and a tab are text).
  static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "\n" || scalar == "\t" || scalar == "\r" { return false }
    return scalar.properties.generalCategory == .control
      || scalar.properties.generalCategory == .format
  }

  // MARK: The register

  /// A file a kill left before its line was written is not an entry: it goes, so that the
  /// folder holds the register and nothing else (`--register` reads the folder). Only the
  /// writer calls this.
  func removeStrayRegisterFiles() {
    let committed = Set(ledger.register.map { String($0.file.dropFirst("register/".count)) })
    for name in (try? FileManager.default.contentsOfDirectory(atPath: registerFolder)) ?? []
    where !committed.contains(name) {
      unlink(registerFolder + "/" + name)
    }
  }

  /// Keeps a register file when `checked` (run as the one writer, with the register as it
  /// stands) gives the rows it adds (`nil`: refused, nothing kept): numbered after the last
  /// entry, written aside, synced, renamed, then its `register.add` line.
  package func addRegister(
    _ bytes: [UInt8], type: String, name: String, actor: String, at time: String,
    checked: () -> Int?
  ) throws(StoreError) -> RegisterEntry? {
    precondition(RegisterEntry.types.contains(type), "a register file is csv or xlsx")
    return try writingChange { () throws(StoreError) -> RegisterEntry? in
      // Checked with the register as it stands, no other change in between.
      guard let rows = checked() else { return nil }
      if !FileManager.default.fileExists(atPath: registerFolder) {
        guard mkdir(registerFolder, 0o700) == 0 || errno == EEXIST else {
          throw StoreError.system(registerFolder, errno)
        }
      }
      removeStrayRegisterFiles()
      let number = String(ledger.register.count + 1)
      let file =
        "register/" + String(repeating: "0", count: max(0, 6 - number.count)) + number
        + "." + type
      try Self.write(bytes, to: folder + "/" + file)
      let entry = RegisterEntry(
        file: file, sha256: SHA256.hex(bytes), rows: rows, name: name, account: actor, at: time)
      try append(
        actor: actor, action: RegisterEntry.action,
        details: [
          "file": entry.file, "sha256": entry.sha256, "rows": String(rows), "name": name,
        ], at: time)
      return entry
    }
  }
}
