#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Random bytes from the kernel's generator (`getrandom(2)`, which blocks only until the pool is
/// first seeded at boot), for salts and session tokens; never a seeded or user-space generator.
package enum SystemRandom {
  /// `count` random bytes; `nil` only if the kernel refuses (then nothing secret may be made).
  package static func bytes(_ count: Int) -> [UInt8]? {
    guard count >= 0 else { return nil }
    var out = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let got = out.withUnsafeMutableBytes { buffer in
        systemGetRandom(buffer.baseAddress! + filled, count - filled, 0)
      }
      if got < 0 {
        if errno == EINTR { continue }
        return nil
      }
      filled += got
    }
    return out
  }
}

/// glibc's `getrandom` (sys/random.h, glibc 2.25), which the Glibc module does not export.
@_silgen_name("getrandom")
private func systemGetRandom(_ buffer: UnsafeMutableRawPointer, _ length: Int, _ flags: UInt32)
  -> Int
