import Foundation
import Synchronization
import YTXAFormats

/// Signed-in sessions: 256-bit random tokens, kept on the server only as their SHA-256, with an
/// idle and an absolute expiry; each with its own CSRF token. Held in memory: a restart signs
/// everyone out.
package final class Sessions: Sendable {
  package struct Session: Sendable {
    package var account: String
    package var csrf: String
    package var created: Date
    package var lastSeen: Date
  }

  /// Signed out after this long without a request.
  package let idle: TimeInterval
  /// Signed out this long after signing in, whatever happens.
  package let absolute: TimeInterval
  private let table = Mutex<[String: Session]>([:])

  package init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 3600) {
    self.idle = idle
    self.absolute = absolute
  }

  /// A new session for `account`: the token for the cookie (never stored) and the CSRF token.
  package func open(_ account: String, now: Date = Date()) -> (token: String, csrf: String)? {
    guard let token = SystemRandom.bytes(32), let csrf = SystemRandom.bytes(32) else { return nil }
    let tokenText = SHA256.hex(digest: token)
    let csrfText = SHA256.hex(digest: csrf)
    table.withLock {
      // Expired sessions go as new ones come.
      $0 = $0.filter { self.isAlive($0.value, now: now) }
      $0[SHA256.hex(Array(tokenText.utf8))] = Session(
        account: account, csrf: csrfText, created: now, lastSeen: now)
    }
    return (tokenText, csrfText)
  }

  /// The live session of a cookie's token (its last use now), or `nil`.
  package func session(_ token: String, now: Date = Date()) -> Session? {
    let key = SHA256.hex(Array(token.utf8))
    return table.withLock { sessions in
      guard var found = sessions[key] else { return nil }
      guard isAlive(found, now: now) else {
        sessions[key] = nil
        return nil
      }
      found.lastSeen = now
      sessions[key] = found
      return found
    }
  }

  /// Ends the session of `token`.
  package func close(_ token: String) {
    let key = SHA256.hex(Array(token.utf8))
    _ = table.withLock { $0.removeValue(forKey: key) }
  }

  /// Ends every session of `account` (disabled, or its password changed).
  package func closeAll(of account: String) {
    table.withLock { $0 = $0.filter { $0.value.account != account } }
  }

  private func isAlive(_ session: Session, now: Date) -> Bool {
    now.timeIntervalSince(session.lastSeen) < idle
      && now.timeIntervalSince(session.created) < absolute
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
