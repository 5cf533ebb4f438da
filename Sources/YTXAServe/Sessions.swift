import Foundation
import Synchronization
import YTXAFormats

/// Signed-in sessions: 256-bit random tokens, kept on the server only as their SHA-256, with an
/// idle and an absolute expiry. A session's CSRF token is derived from its token (HMAC-SHA256),
/// so it is never kept either. With a `path` (the store's `sessions.json`), the table is written
/// (atomically, synced) at every sign-in and sign-out, so that a restart keeps everyone signed
/// in; the last use is kept in memory between writes, so after a restart a session's idle time
/// counts from its last write.
package final class Sessions: Sendable {
  package struct Session: Sendable {
    package var account: String
    package var csrf: String
    package var created: Date
    package var lastSeen: Date
  }

  /// What is kept of a session: no token, no CSRF token.
  struct Kept: Sendable {
    var account: String
    var created: Date
    var lastSeen: Date
  }

  /// Signed out after this long without a request.
  package let idle: TimeInterval
  /// Signed out this long after signing in, whatever happens.
  package let absolute: TimeInterval
  private let path: String?
  private let table: Mutex<[String: Kept]>

  package init(
    idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 3600, path: String? = nil,
    now: Date = Date()
  ) {
    self.idle = idle
    self.absolute = absolute
    self.path = path
    var loaded: [String: Kept] = [:]
    if let path { loaded = Self.read(path) }
    let alive = loaded.filter {
      now.timeIntervalSince($0.value.lastSeen) < idle
        && now.timeIntervalSince($0.value.created) < absolute
    }
    table = Mutex(alive)
  }

  /// A new session for `account`: the token for the cookie (never stored) and the CSRF token.
  package func open(_ account: String, now: Date = Date()) -> (token: String, csrf: String)? {
    guard let token = SystemRandom.bytes(32) else { return nil }
    let tokenText = SHA256.hex(digest: token)
    table.withLock {
      // Expired sessions go as new ones come.
      $0 = $0.filter { self.isAlive($0.value, now: now) }
      $0[Self.key(tokenText)] = Kept(account: account, created: now, lastSeen: now)
      save($0)
    }
    return (tokenText, Self.csrf(tokenText))
  }

  /// The live session of a cookie's token (its last use now), or `nil`.
  package func session(_ token: String, now: Date = Date()) -> Session? {
    let key = Self.key(token)
    return table.withLock { sessions in
      guard var found = sessions[key] else { return nil }
      guard isAlive(found, now: now) else {
        sessions[key] = nil
        return nil
      }
      found.lastSeen = now
      sessions[key] = found
      return Session(
        account: found.account, csrf: Self.csrf(token), created: found.created,
        lastSeen: found.lastSeen)
    }
  }

  /// Ends the session of `token`.
  package func close(_ token: String) {
    let key = Self.key(token)
    table.withLock {
      $0.removeValue(forKey: key)
      save($0)
    }
  }

  /// Ends every session of `account` (disabled, or its password changed).
  package func closeAll(of account: String) {
    table.withLock {
      $0 = $0.filter { $0.value.account != account }
      save($0)
    }
  }

  /// Ends every session of `account` kept in the store's `sessions.json` (a `serve user`
  /// command, which holds the store's lock while no server runs).
  package static func forget(_ account: String, in folder: String) {
    let path = folder + "/sessions.json"
    guard FileManager.default.fileExists(atPath: path) else { return }
    Sessions(idle: .infinity, absolute: .infinity, path: path).closeAll(of: account)
  }

  private func isAlive(_ session: Kept, now: Date) -> Bool {
    now.timeIntervalSince(session.lastSeen) < idle
      && now.timeIntervalSince(session.created) < absolute
  }

  /// The key a session is kept under: the SHA-256 of its token.
  static func key(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

  /// A session's CSRF token: the HMAC-SHA256 of a fixed label under the session's token.
  static func csrf(_ token: String) -> String {
    SHA256.hex(digest: HMAC.sha256(key: Array(token.utf8), message: Array("ytxa csrf".utf8)))
  }

  // MARK: The file

  private func save(_ sessions: [String: Kept]) {
    guard let path else { return }
    let list = sessions.sorted { $0.key < $1.key }.map { key, kept -> JSONOutput in
      .object([
        "key": .string(key), "account": .string(kept.account),
        "created": .int(Int(kept.created.timeIntervalSince1970)),
        "lastSeen": .int(Int(kept.lastSeen.timeIntervalSince1970)),
      ])
    }
    // A session not written is one signed out at the next start: never a wrong one.
    try? AtomicFile.write(
      JSONOutput.object(["schemaVersion": .int(1), "sessions": .array(list)]).bytes(pretty: true),
      to: path, mode: 0o600)
  }

  private static func read(_ path: String) -> [String: Kept] {
    guard case .success(let bytes) = FileSystem.read(path, limit: .table),
      case .object(let object)? = try? JSONParser.parse(bytes),
      case .array(let list)? = object["sessions"]
    else { return [:] }
    var found: [String: Kept] = [:]
    for item in list {
      guard case .object(let entry) = item, case .string(let key)? = entry["key"],
        key.utf8.count == 64, case .string(let account)? = entry["account"],
        case .number(let created)? = entry["created"], let start = Double(created),
        case .number(let seen)? = entry["lastSeen"], let last = Double(seen)
      else { continue }
      found[key] = Kept(
        account: account, created: Date(timeIntervalSince1970: start),
        lastSeen: Date(timeIntervalSince1970: last))
    }
    return found
  }
}

/// Failed sign-ins, per account name and per address: after ``limit`` failures within
/// ``window`` seconds, further attempts are refused until the oldest failure leaves the window.
package final class Throttle: Sendable {
  package let limit: Int
  package let window: TimeInterval
  private let failures = Mutex<[String: [Date]]>([:])

  package init(limit: Int = 5, window: TimeInterval = 15 * 60) {
    self.limit = limit
    self.window = window
  }

  /// Seconds to wait before `keys` may try again (0: now).
  package func wait(_ keys: [String], now: Date = Date()) -> Int {
    failures.withLock { table in
      keys.map { key -> Int in
        let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
        table[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return 0 }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
      }.max() ?? 0
    }
  }

  package func fail(_ keys: [String], now: Date = Date()) {
    failures.withLock { table in
      for key in keys { table[key, default: []].append(now) }
    }
  }

  package func succeed(_ key: String) {
    _ = failures.withLock { $0.removeValue(forKey: key) }
  }
}
