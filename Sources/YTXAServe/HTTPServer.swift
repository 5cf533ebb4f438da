import Foundation
import Synchronization
import YTXAFormats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A small HTTP/1.1 server on the system's sockets: one thread per connection, at most
/// ``Settings/maximumConnections`` at once (more are answered 503 and closed), a request that
/// does not arrive whole within ``Settings/requestTimeout`` answered 408 and closed (a slow
/// sender), a response the client does not take within ``Settings/writeTimeout`` abandoned (a
/// slow reader), keep-alive between requests up to ``Settings/idleTimeout``.
package final class HTTPServer: Sendable {
  package struct Settings: Sendable {
    package var host = "127.0.0.1"
    package var port: UInt16 = 8080
    package var limits = HTTPLimits()
    package var maximumConnections = 256
    package var requestTimeout: Double = 30
    package var writeTimeout: Double = 30
    package var idleTimeout: Double = 60

    package init() {}
  }

  package typealias Handler = @Sendable (HTTPRequest, _ peer: String) -> HTTPResponse

  private let settings: Settings
  private let handler: Handler
  private let listener: Int32
  private let open = Atomic<Int>(0)
  /// The port listened on (the one asked for, or the system's choice for port 0).
  package let port: UInt16

  /// Binds and listens; throws a sentence when the address cannot be used.
  package init(settings: Settings, handler: @escaping Handler) throws(StoreError) {
    self.settings = settings
    self.handler = handler
    signal(SIGPIPE, SIG_IGN)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw StoreError.system("socket", errno) }
    var yes: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = settings.port.bigEndian
    guard inet_pton(AF_INET, settings.host, &address.sin_addr) == 1 else {
      close(descriptor)
      throw StoreError(
        "--listen: \"\(settings.host)\" không phải địa chỉ IPv4.",
        "--listen: \"\(settings.host)\" is not an IPv4 address.")
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(descriptor, 128) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw StoreError(
        "--listen \(settings.host):\(settings.port): không dùng được (\(reason)).",
        "--listen \(settings.host):\(settings.port): cannot be used (\(reason)).")
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    port = UInt16(bigEndian: actual.sin_port)
    listener = descriptor
  }

  /// Accepts connections for ever.
  package func run() -> Never {
    while true {
      var peer = sockaddr_in()
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let connection = withUnsafeMutablePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          accept(listener, $0, &length)
        }
      }
      guard connection >= 0 else {
        if errno != EINTR { usleep(10_000) }
        continue
      }
      _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
      var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
      var source = peer.sin_addr
      inet_ntop(AF_INET, &source, &text, socklen_t(INET_ADDRSTRLEN))
      let address = String(
        decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if open.add(1, ordering: .relaxed).newValue > settings.maximumConnections {
        _ = send(connection, HTTPResponse.text(503, "Too many connections.\n"), keepAlive: false)
        close(connection)
        open.subtract(1, ordering: .relaxed)
        continue
      }
      let thread = Thread { [self] in
        serve(connection, peer: address)
        close(connection)
        open.subtract(1, ordering: .relaxed)
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  /// One connection: requests one after another while the client keeps it open.
  private func serve(_ connection: Int32, peer: String) {
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var first = true
    while true {
      // A request must arrive whole within the time allowed from its first byte (or, between
      // requests, the connection's idle time).
      var deadline = Date().addingTimeInterval(
        first || !buffer.isEmpty ? settings.requestTimeout : settings.idleTimeout)
      var started = !buffer.isEmpty
      while true {
        switch HTTPParser.parse(buffer, limits: settings.limits) {
        case .refused(let error):
          _ = send(
            connection, HTTPResponse.text(error.status, error.reason + "\n"), keepAlive: false)
          return
        case .request(let request, let used):
          buffer.removeFirst(used)
          let response = handler(request, peer)
          let keep = request.keepAlive
          guard send(connection, response, head: request.method == .head, keepAlive: keep), keep
          else { return }
          first = false
          deadline = Date().addingTimeInterval(
            buffer.isEmpty ? settings.idleTimeout : settings.requestTimeout)
          started = !buffer.isEmpty
          continue
        case .incomplete: break
        }
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else {
          if started {
            _ = send(
              connection, HTTPResponse.text(408, "The request did not arrive in time.\n"),
              keepAlive: false)
          }
          return
        }
        var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
        let ready = poll(&poller, 1, Int32(min(remaining * 1000, 60_000)) + 1)
        if ready < 0 && errno == EINTR { continue }
        guard ready > 0 else { continue }
        let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress!, $0.count, 0) }
        guard count > 0 else { return }
        if !started {
          started = true
          deadline = Date().addingTimeInterval(settings.requestTimeout)
        }
        buffer += chunk[0..<count]
      }
    }
  }

  /// Writes a response whole, or gives up on a client that does not read in time.
  private func send(
    _ connection: Int32, _ response: HTTPResponse, head: Bool = false, keepAlive: Bool
  ) -> Bool {
    let bytes = response.serialized(head: head, keepAlive: keepAlive)
    let deadline = Date().addingTimeInterval(settings.writeTimeout)
    var sent = 0
    while sent < bytes.count {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else { return false }
      var poller = pollfd(fd: connection, events: Int16(POLLOUT), revents: 0)
      let ready = poll(&poller, 1, Int32(min(remaining * 1000, 60_000)) + 1)
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { continue }
      let count = bytes.withUnsafeBytes {
        Glibc.send(connection, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
      }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return false
      }
      sent += count
    }
    return true
  }
}
