/// One HTTP/1.1 response, written with its length (no chunked coding) and the headers every
/// answer of the server carries.
package struct HTTPResponse: Sendable {
  package var status: Int
  package var headers: [(name: String, value: String)] = []
  package var body: [UInt8] = []

  package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A text body.
  package static func text(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
      body: Array(text.utf8))
  }

  /// An HTML page.
  package static func html(_ status: Int, _ page: String) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: [("Content-Type", "text/html; charset=utf-8")],
      body: Array(page.utf8))
  }

  /// A JSON body.
  package static func json(_ status: Int, _ bytes: [UInt8]) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: bytes)
  }

  /// A redirect after a form (303: the browser follows with a GET).
  package static func seeOther(_ location: String) -> HTTPResponse {
    HTTPResponse(status: 303, headers: [("Location", location)])
  }

  /// The headers on every response: no external resource and no inline script (CSP), no
  /// framing, no sniffing, no referrer outside the site, no caching of pages with data.
  package static let securityHeaders: [(name: String, value: String)] = [
    (
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
  ]

  /// The bytes to send: status line, headers (the security headers, `Content-Length`,
  /// `Connection`), and the body unless the request was `HEAD`.
  package func serialized(head: Bool, keepAlive: Bool) -> [UInt8] {
    var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
    // A response's own policy (a report allowing its style by hash) replaces the default one:
    // two policies would both be enforced.
    let own = Set(headers.map { $0.name.lowercased() })
    let defaults = Self.securityHeaders.filter { !own.contains($0.name.lowercased()) }
    for (name, value) in defaults + headers {
      // A value never carries a line break (no header injection through a redirect target).
      let clean = value.filter { $0 != "\r" && $0 != "\n" }
      text += "\(name): \(clean)\r\n"
    }
    text += "Content-Length: \(body.count)\r\n"
    text += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
    text += "\r\n"
    return Array(text.utf8) + (head ? [] : body)
  }

  package static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 201: "Created"
    case 303: "See Other"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 408: "Request Timeout"
    case 411: "Length Required"
    case 413: "Content Too Large"
    case 414: "URI Too Long"
    case 429: "Too Many Requests"
    case 431: "Request Header Fields Too Large"
    case 500: "Internal Server Error"
    case 503: "Service Unavailable"
    case 505: "HTTP Version Not Supported"
    default: "Status"
    }
  }
}
