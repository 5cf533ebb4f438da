import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An error writing an output file.
package struct FileWriteError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String

  package init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): cannot write: \(reason)" }
}

/// A file that appears under its final name only when complete. On Linux the bytes go to an
/// anonymous file (`O_TMPFILE`) in the target folder, which the kernel discards if the process
/// dies; `commit()` links it under a temporary name and renames it over the target in one step.
/// Elsewhere (or where the file system lacks `O_TMPFILE`) a hidden temporary file is used and
/// removed on failure. Either way a reader sees the old file or the new one, never half of one.
package final class AtomicFile {
  public let path: String
  private var descriptor: Int32
  private var temporaryPath: String?
  private var buffer: [UInt8] = []
  private var isClosed = false
  private var isSynced = false
  /// The hash of everything written so far, taken as the bytes leave for the file (`nil` when
  /// no digest is taken).
  private var running: SHA256?
  private var written = 0

  /// Opens the file for writing in `path`'s folder, which must exist; `hashing: false` takes no
  /// digest (``digest()`` is then `nil`); `mode` its permissions (0600 for a store's secrets).
  public init(path: String, hashing: Bool = true, mode: mode_t = 0o644) throws(FileWriteError) {
    self.path = path
    running = hashing ? SHA256() : nil
    let (directory, name) = PathParts.split(path)
    #if os(Linux)
      let flags = Syscalls.openTemporaryFile | O_RDWR | O_CLOEXEC
      let anonymous = open(directory, flags, mode)
      if anonymous >= 0 {
        descriptor = anonymous
        buffer.reserveCapacity(1 << 16)
        return
      }
    #endif
    let temporary = "\(directory)/.\(name).ytxa-tmp-\(getpid())"
    descriptor = open(temporary, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
    }
    temporaryPath = temporary
    buffer.reserveCapacity(1 << 16)
  }

  deinit {
    if !isClosed {
      close(descriptor)
      if let temporaryPath { unlink(temporaryPath) }
    }
  }

  /// Appends bytes (buffered).
  public func write(_ bytes: [UInt8]) throws(FileWriteError) {
    try bytes.withUnsafeBytes { raw in Result { () throws(FileWriteError) in try write(raw) } }
      .get()
  }

  /// Appends bytes from a raw buffer (buffered; a large piece goes straight to the file).
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
    if bytes.count >= 1 << 16 {
      try flush()
      try put(bytes)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  /// Appends text as UTF-8.
  public func write(_ text: String) throws(FileWriteError) {
    try write(Array(text.utf8))
  }

  private func flush() throws(FileWriteError) {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBytes { raw in Result { () throws(FileWriteError) in try put(raw) } }
      .get()
    buffer.removeAll(keepingCapacity: true)
  }

  /// Hashes `bytes` and writes them at the end of the file.
  private func put(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
    running?.update(bytes)
    var done = 0
    while done < bytes.count {
      let result = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
      if result < 0 {
        if errno == EINTR { continue }
        throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
      }
      done += result
    }
    written += bytes.count
  }

  /// Flushes and waits until the bytes are on disk (`commit()` does it when not done before);
  /// may run on another thread while other files are written, as long as nothing else uses
  /// this file meanwhile.
  public func sync() throws(FileWriteError) {
    try flush()
    guard fsync(descriptor) == 0 || errno == EINVAL else {
      throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
    }
    isSynced = true
  }

  /// The SHA-256 and size of everything written (flushes first), the hash taken as the bytes
  /// were written; `nil` for a file opened with `hashing: false`.
  public func digest() throws(FileWriteError) -> (sha256: String, size: Int)? {
    try flush()
    return running.map { ($0.finalizeHex(), written) }
  }

  /// Flushes, and puts the file in place under its final name.
  public func commit() throws(FileWriteError) {
    if !isSynced || !buffer.isEmpty { try sync() }
    if temporaryPath == nil {
      // Give the anonymous file a name next to the target, then rename it over the target.
      let (folder, name) = PathParts.split(path)
      let linked = "\(folder)/.\(name).ytxa-tmp-\(getpid())"
      unlink(linked)
      let source = "/proc/self/fd/\(descriptor)"
      guard linkat(AT_FDCWD, source, AT_FDCWD, linked, AT_SYMLINK_FOLLOW) == 0 else {
        throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
      }
      temporaryPath = linked
    }
    close(descriptor)
    isClosed = true
    guard rename(temporaryPath!, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath!)
      throw FileWriteError(path: path, reason: reason)
    }
  }

  /// Writes a whole file atomically.
  public static func write(
    _ bytes: [UInt8], to path: String, mode: mode_t = 0o644
  ) throws(FileWriteError) {
    let file = try AtomicFile(path: path, mode: mode)
    try file.write(bytes)
    try file.commit()
  }
}

/// The first write error of several threads, kept until they are done.
package final class FirstWriteError: Sendable {
  private let error = Mutex<FileWriteError?>(nil)

  package init() {}

  /// Keeps `error` unless an earlier one is kept.
  package func record(_ error: FileWriteError) {
    self.error.withLock { $0 = $0 ?? error }
  }

  /// Throws the kept error, if any.
  package func rethrow() throws(FileWriteError) {
    if let error = error.withLock({ $0 }) { throw error }
  }
}

/// An anonymous scratch file (deleted as soon as it is created) that records are appended to
/// and read back from by offset; nothing of it survives the process.
package final class SpillFile {
  private let descriptor: Int32
  private(set) var size = 0
  private var buffer: [UInt8] = []
  private var flushedSize = 0

  package init(folder: String) throws(FileWriteError) {
    #if os(Linux)
      // Anonymous from the start (O_TMPFILE): nothing to remove, even if the process is killed.
      let anonymous = open(folder, Syscalls.openTemporaryFile | O_RDWR | O_CLOEXEC, 0o600)
      if anonymous >= 0 {
        descriptor = anonymous
        buffer.reserveCapacity(1 << 20)
        return
      }
    #endif
    // Elsewhere: a named file, removed at once; the PID in its name lets a later run remove it
    // if this process dies in between.
    var template = Array("\(folder)/.ytxa-spill.ytxa-tmp-\(getpid())-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw FileWriteError(path: folder, reason: String(cString: strerror(errno)))
    }
    let name = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    unlink(name)
    descriptor = fd
    buffer.reserveCapacity(1 << 20)
  }

  deinit { close(descriptor) }

  /// Lets `write` append one record straight into the buffer (no intermediate copy); returns
  /// the record's offset and length, and what `write` returned.
  package func append<T>(_ write: (inout [UInt8]) -> T) throws(FileWriteError) -> (
    offset: Int, length: Int, value: T
  ) {
    let offset = size
    let before = buffer.count
    let value = write(&buffer)
    let length = buffer.count - before
    size += length
    if buffer.count >= 1 << 20 { try flush() }
    return (offset, length, value)
  }

  package func flush() throws(FileWriteError) {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBytes { raw in
        pwrite(
          descriptor, raw.baseAddress! + written, raw.count - written, off_t(flushedSize + written))
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw FileWriteError(path: "(scratch file)", reason: String(cString: strerror(errno)))
      }
      written += result
    }
    flushedSize += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Reads `length` bytes at `offset` and appends them to `out` (after `flush()`); safe to call
  /// from several threads at once.
  package func read(offset: Int, length: Int, appendingTo out: inout [UInt8])
    throws(FileWriteError)
  {
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: length))
    var done = 0
    while done < length {
      let result = out.withUnsafeMutableBytes { raw in
        pread(descriptor, raw.baseAddress! + start + done, length - done, off_t(offset + done))
      }
      if result <= 0 {
        if result < 0 && errno == EINTR { continue }
        throw FileWriteError(path: "(scratch file)", reason: "short read")
      }
      done += result
    }
  }

}
