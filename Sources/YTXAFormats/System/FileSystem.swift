import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every way `ytxa` reads its inputs from the file system: one reader (regular files only, with a
/// size limit), one folder lister (one order, links to folders never followed, every entry that
/// cannot be read reported), and file names that are not valid UTF-8 carried without loss.
package enum FileSystem {
  /// How much may be read from one input file, by kind; a larger file is refused unread.
  public struct Limit: Sendable, Hashable {
    /// The limit in bytes.
    public var bytes: Int

    package init(bytes: Int) { self.bytes = bytes }

    /// An evidence file (a real one is a few kB).
    public static let evidence = Limit(bytes: 16 << 20)
    /// A criteria set or a roadmap file (the bundled set is about 60 kB).
    public static let definition = Limit(bytes: 16 << 20)
    /// A CSV input file (a national table of about 10,600 rows is about 20 MB).
    public static let table = Limit(bytes: 256 << 20)
    /// One line of an earlier run's `results.jsonl` (a real one is about 5 kB).
    public static let resultLine = Limit(bytes: 1 << 20)
    /// An earlier run's whole `results.jsonl` (a national year of about 10,000 communes is
    /// about 60 MB).
    public static let results = Limit(bytes: 1 << 30)

    /// `16 MiB`, as written in messages.
    public var described: String {
      bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
  }

  /// Why a file or folder could not be read, in words.
  public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: Message

    package init(_ message: Message) { self.message = message }

    package init(errno code: Int32) {
      switch code {
      case ENOENT: message = Message("không có tệp này", "no such file")
      case EACCES: message = Message("không có quyền đọc", "permission denied")
      case EISDIR: message = Message("là một thư mục", "is a folder")
      case ELOOP: message = Message("là liên kết dẫn về chính nó", "a link that leads to itself")
      case ENAMETOOLONG: message = Message("đường dẫn quá dài", "the path is too long")
      default: message = Message(verbatim: String(cString: strerror(code)))
      }
    }

    /// The Vietnamese text.
    public var description: String { message.vietnamese }
  }

  // MARK: Reading

  /// The whole of a regular file, refused when it is anything else (a folder, a FIFO, a socket,
  /// a device) or larger than `limit`. A link to a regular file is read through.
  public static func read(_ path: String, limit: Limit) -> Result<[UInt8], Failure> {
    let descriptor: Int32
    let size: Int
    switch openRegular(path) {
    case .success(let opened): (descriptor, size) = opened
    case .failure(let failure): return .failure(failure)
    }
    defer { close(descriptor) }
    guard size <= limit.bytes else { return .failure(tooLarge(size: size, limit: limit)) }
    // A regular file read to its size is complete (no extra read to see the end); one that
    // says it is empty (some system files do) is read until its end, up to the limit.
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while true {
      if size > 0, done == size { break }
      if done == bytes.count {
        guard bytes.count <= limit.bytes else {
          return .failure(tooLarge(size: bytes.count, limit: limit))
        }
        bytes.append(contentsOf: repeatElement(0, count: min(1 << 16, limit.bytes + 1 - done)))
      }
      let count = bytes.withUnsafeMutableBytes { raw in
        Foundation.read(descriptor, raw.baseAddress! + done, raw.count - done)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(Failure(errno: errno))
      }
      if count == 0 { break }
      done += count
    }
    bytes.removeSubrange(done...)
    return .success(bytes)
  }

  private static func tooLarge(size: Int, limit: Limit) -> Failure {
    Failure(
      Message(
        "lớn hơn \(limit.described) (\(size) byte); tệp loại này giới hạn ở \(limit.described)",
        "is larger than \(limit.described) (\(size) bytes); files of this kind are limited to "
          + "\(limit.described)"))
  }

  /// An open descriptor on a regular file, for reading in pieces (the caller closes it).
  public static func openRegular(_ path: String) -> Result<(descriptor: Int32, size: Int), Failure>
  {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused by its type.
    let descriptor = withSystemPath(path) {
      open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    }
    guard descriptor >= 0 else { return .failure(Failure(errno: errno)) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let failure = Failure(errno: errno)
      close(descriptor)
      return .failure(failure)
    }
    // O_NONBLOCK stays set: it has no effect on reading a regular file.
    guard let problem = kindProblem(info.st_mode) else {
      return .success((descriptor, Int(info.st_size)))
    }
    close(descriptor)
    return .failure(problem)
  }

  /// Why an entry of this type is not read, or `nil` for a regular file.
  package static func kindProblem(_ mode: mode_t) -> Failure? {
    switch mode & S_IFMT {
    case S_IFREG: nil
    case S_IFDIR: Failure(errno: EISDIR)
    case S_IFIFO: Failure(.notRegular("là một FIFO (ống có tên)", "is a FIFO (named pipe)"))
    case S_IFSOCK: Failure(.notRegular("là một socket", "is a socket"))
    case S_IFCHR, S_IFBLK: Failure(.notRegular("là một thiết bị", "is a device"))
    default: Failure(.notRegular("không phải tệp thường", "is not a regular file"))
    }
  }

  /// What kind of entry `path` is, following links: a folder, something else, or why it cannot
  /// be examined.
  public static func isFolder(_ path: String) -> Result<Bool, Failure> {
    var info = stat()
    guard withSystemPath(path, { stat($0, &info) }) == 0 else {
      return .failure(Failure(errno: errno))
    }
    return .success((info.st_mode & S_IFMT) == S_IFDIR)
  }

  /// The device and inode of `path` (following links), to recognise one folder under two names.
  public static func identity(_ path: String) -> FileIdentity? {
    var info = stat()
    guard withSystemPath(path, { stat($0, &info) }) == 0 else { return nil }
    return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  // MARK: Listing

  /// An entry of a listing that is not read, and why (a link to a folder, an unreadable folder).
  public struct Problem: Sendable, Hashable {
    /// The entry, as it would be named (invalid UTF-8 kept as in ``OSName``).
    public var path: String
    /// Why it is not read.
    public var reason: Message
  }

  /// Lists the `*.json` files under `path` (recursively), in the byte order of their whole UTF-8
  /// paths, calling `file` for each; `path` itself when it is not a folder. Links to folders are
  /// never followed (a link to a file is listed under its own name), folders whose identity is
  /// in `excluding` are left out, and every entry inside the folder that cannot be examined is
  /// passed to `problem`.
  public static func listEvidence(
    under path: String, excluding: Set<FileIdentity> = [], file: (String) -> Void,
    problem: (Problem) -> Void
  ) {
    // A path named by the user that is not a folder is passed on as a file, even when it
    // cannot be examined: reading it then says why, as for any evidence file.
    guard case .success(true) = isFolder(path) else {
      file(path)
      return
    }
    let base = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    // A plain readdir walk, each folder's entries sorted on their own: a folder sorts as its
    // name followed by "/", which puts every path in the byte order of the whole path without
    // holding and sorting all of them at once.
    func walk(_ folder: String) {
      if !excluding.isEmpty, let identity = identity(folder), excluding.contains(identity) {
        return
      }
      guard let directory = withSystemPath(folder, { opendir($0) }) else {
        problem(
          Problem(
            path: folder,
            reason: Message("không đọc được thư mục: ", "cannot read the folder: ")
              + Failure(errno: errno).message))
        return
      }
      var entries: [(key: [UInt8], name: String, isFolder: Bool)] = []
      while let entry = readdir(directory) {
        let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
        if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
        let name = OSName.decode(raw)
        let full = folder + "/" + name
        var type = entry.pointee.d_type
        if type == UInt8(DT_UNKNOWN) {
          var info = stat()
          guard withSystemPath(full, { lstat($0, &info) }) == 0 else {
            problem(Problem(path: full, reason: Failure(errno: errno).message))
            continue
          }
          type = typeOf(info.st_mode)
        }
        let isJSON = name.utf8.count >= 5 && name.lowercased().hasSuffix(".json")
        if type == UInt8(DT_LNK) {
          // A link is followed only to a file; a link to a folder could lead back up the tree.
          switch isFolder(full) {
          case .success(true):
            problem(
              Problem(
                path: full,
                reason: Message(
                  "là liên kết tới một thư mục, không được đi theo; hãy ghi chính thư mục đó",
                  "is a link to a folder, which is not followed; name the folder itself")))
          case .success(false):
            if isJSON { entries.append((raw, name, false)) }
          case .failure(let failure):
            if isJSON {
              problem(
                Problem(
                  path: full, reason: Message("liên kết hỏng: ", "broken link: ") + failure.message)
              )
            }
          }
        } else if type == UInt8(DT_DIR) {
          entries.append((raw + [UInt8(ascii: "/")], name, true))
        } else if isJSON {
          entries.append((raw, name, false))
        }
      }
      closedir(directory)
      entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
      for entry in entries {
        let full = folder + "/" + entry.name
        if entry.isFolder { walk(full) } else { file(full) }
      }
    }
    walk(base)
  }

  private static func typeOf(_ mode: mode_t) -> UInt8 {
    switch mode & S_IFMT {
    case S_IFDIR: UInt8(DT_DIR)
    case S_IFLNK: UInt8(DT_LNK)
    case S_IFREG: UInt8(DT_REG)
    default: UInt8(DT_UNKNOWN)
    }
  }

  /// Calls `body` with `path` as the bytes the system knows it by (see ``OSName``).
  public static func withSystemPath<T>(_ path: String, _ body: (UnsafePointer<CChar>) -> T) -> T {
    guard OSName.hasEscapedBytes(path) else { return path.withCString(body) }
    let bytes = OSName.systemBytes(path).map { CChar(bitPattern: $0) } + [0]
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}

/// A file's device and inode: the same folder under any name.
package struct FileIdentity: Sendable, Hashable {
  public var device: UInt64
  public var inode: UInt64
}

/// File names as the system gives them: bytes, usually UTF-8. A name that is not valid UTF-8 is
/// held in a `String` without loss: each byte that is not part of a valid sequence becomes a
/// private-use character (U+10FF00 + byte), turned back into the byte when the file is opened and
/// shown as `\xHH` in messages and reports.
package enum OSName {
  private static let base: UInt32 = 0x10FF00

  /// The name of `bytes`, invalid bytes kept as private-use characters.
  public static func decode(_ bytes: [UInt8]) -> String {
    if let valid = String(validating: bytes, as: UTF8.self) { return valid }
    var scalars = String.UnicodeScalarView()
    var index = 0
    while index < bytes.count {
      var decoded = false
      // The longest valid sequence that starts here (1 to 4 bytes), else one escaped byte.
      for length in 1...4 where index + length <= bytes.count {
        if let text = String(validating: bytes[index..<index + length], as: UTF8.self) {
          scalars.append(contentsOf: text.unicodeScalars)
          index += length
          decoded = true
          break
        }
      }
      if !decoded {
        scalars.append(Unicode.Scalar(base + UInt32(bytes[index]))!)
        index += 1
      }
    }
    return String(scalars)
  }

  /// Whether `name` holds an escaped byte (its UTF-8 then has the lead byte 0xF4).
  package static func hasEscapedBytes(_ name: String) -> Bool {
    name.utf8.contains(0xF4) && name.unicodeScalars.contains { $0.value >= base }
  }

  /// The bytes the system knows `name` by.
  public static func systemBytes(_ name: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for scalar in name.unicodeScalars {
      if scalar.value >= base {
        bytes.append(UInt8(scalar.value - base))
      } else {
        bytes.append(contentsOf: String(scalar).utf8)
      }
    }
    return bytes
  }

  /// `name` for display: escaped bytes as `\xHH`, and control characters (which could move a
  /// terminal's cursor or change its colours) as `\u{HH}`; everything else as it is.
  public static func display(_ name: String) -> String {
    escaped(name, bytes: true, keeping: [])
  }

  /// `text` with control characters shown as `\u{HH}` (but those in `keeping`), and, when
  /// `bytes`, escaped bytes as `\xHH`: the one escaping of names and of terminal text.
  package static func escaped(_ text: String, bytes: Bool, keeping: Set<Unicode.Scalar>) -> String {
    func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
      (bytes && scalar.value >= base) || (isControl(scalar) && !keeping.contains(scalar))
    }
    guard text.unicodeScalars.contains(where: isEscaped) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if bytes, scalar.value >= base {
        result += "\\x" + hex(scalar.value - base)
      } else if isEscaped(scalar) {
        result += "\\u{" + hex(scalar.value) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// C0 and C1 control characters and DEL.
  package static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count < 2 ? "0" + digits : digits
  }
}

extension Message {
  /// "… , not a regular file; only regular files are read".
  fileprivate static func notRegular(_ vietnamese: String, _ english: String) -> Message {
    Message(
      vietnamese + ", không phải tệp thường; chỉ đọc tệp thường",
      english + ", not a regular file; only regular files are read")
  }
}

extension FileSystem {
  /// A regular file read a piece at a time (for tables scored as they are read); refused, like
  /// ``read(_:limit:)``, when it is not a regular file or is larger than the limit.
  package final class Pieces {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private let limit: Limit
    private var total = 0

    /// Opens `path`; pieces are at most `pieceSize` bytes.
    package init(_ path: String, limit: Limit, pieceSize: Int = 1 << 20) throws(Failure) {
      let size: Int
      switch openRegular(path) {
      case .success(let opened): (descriptor, size) = opened
      case .failure(let failure): throw failure
      }
      guard size <= limit.bytes else {
        close(descriptor)
        throw tooLarge(size: size, limit: limit)
      }
      self.limit = limit
      buffer = [UInt8](repeating: 0, count: pieceSize)
    }

    deinit { close(descriptor) }

    /// The next piece, or `nil` at the end of the file.
    package func next() throws(Failure) -> ArraySlice<UInt8>? {
      while true {
        let count = buffer.withUnsafeMutableBytes { raw in
          Foundation.read(descriptor, raw.baseAddress!, raw.count)
        }
        if count < 0 {
          if errno == EINTR { continue }
          throw Failure(errno: errno)
        }
        if count == 0 { return nil }
        total += count
        // A file that grows while it is read is held to the same limit.
        guard total <= limit.bytes else { throw tooLarge(size: total, limit: limit) }
        return buffer[0..<count]
      }
    }
  }
}
