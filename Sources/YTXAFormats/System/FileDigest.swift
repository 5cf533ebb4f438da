import Foundation

/// The SHA-256 of a regular file, read in pieces of 1 MiB (any size: nothing is held but the
/// piece), for the run manifest and `ytxa verify`.
package enum FileDigest {
  public static func of(_ path: String) -> Result<(sha256: String, size: Int), FileSystem.Failure> {
    let descriptor: Int32
    switch FileSystem.openRegular(path) {
    case .success(let opened): descriptor = opened.descriptor
    case .failure(let failure): return .failure(failure)
    }
    defer { close(descriptor) }
    var hash = SHA256()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var size = 0
    while true {
      let count = chunk.withUnsafeMutableBytes { raw in
        Foundation.read(descriptor, raw.baseAddress!, raw.count)
      }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(FileSystem.Failure(errno: errno))
      }
      if count == 0 { break }
      chunk.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      size += count
    }
    return .success((hash.finalizeHex(), size))
  }
}
