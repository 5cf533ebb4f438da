/// One HTTP/1.1 request as the server reads it (RFC 9112): strict, limited, never trusting the
/// client. Written here, small, because the project takes no dependencies; held by the tests to a
/// table of malformed and hostile requests and to Python's `http.client`.
package struct HTTPRequest: Sendable, Equatable {
  package enum Method: String, Sendable, Equatable {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
  }

  package var method: Method
  /// The request target as sent (origin form: `/path?query`).
  package var target: String
  /// The path, percent-decoded, checked: valid UTF-8, no control character, no `.` or `..`
  /// segment, no backslash.
  package var path: String
  /// The query's fields, decoded as a form (`a=1&b=x+y`), in order.
  package var query: [(name: String, value: String)]
  /// `HTTP/1.0` or `HTTP/1.1`.
  package var minorVersion: Int
  /// Header fields in order, names lowercased.
  package var headers: [(name: String, value: String)]
  package var body: [UInt8]

  /// The one value of a header field (the first, if a client repeated one that may repeat).
  package func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name == wanted }?.value
  }

  /// Whether the connection stays open after the response (RFC 9112 §9.3).
  package var keepAlive: Bool {
    let tokens = (header("connection") ?? "").lowercased().split(separator: ",").map {
      $0.trimmingCharacters(in: [" ", "\t"])
    }
    if tokens.contains("close") { return false }
    return minorVersion == 1 || tokens.contains("keep-alive")
  }

  /// A query field's value.
  package func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

  package static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
    lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path
      && lhs.query.map { [$0.name, $0.value] } == rhs.query.map { [$0.name, $0.value] }
      && lhs.minorVersion == rhs.minorVersion
      && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
      && lhs.body == rhs.body
  }
}

/// What a request may be at most. The defaults are the server's (`--max-upload` sets `body`).
package struct HTTPLimits: Sendable {
  /// The request line, bytes (longer: 414).
  package var requestLine = 8 * 1024
  /// Header fields (more: 431).
  package var headerCount = 100
  /// The header section, bytes (more: 431).
  package var headerBytes = 32 * 1024
  /// The body, bytes (more: 413, refused before it is read).
  package var body = 25 * 1024 * 1024

  package init() {}
}

/// Why a request is refused: the status to answer, then close the connection.
package struct HTTPError: Error, Sendable, Equatable {
  package var status: Int
  /// What was wrong, in words, for the answer's body and the server's log (never the bytes).
  package var reason: String

  package init(_ status: Int, _ reason: String) {
    self.status = status
    self.reason = reason
  }
}
