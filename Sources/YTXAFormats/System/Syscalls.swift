#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The system calls and constants that the platform modules do not export, declared in one place
/// (swift-system's `Internals/Syscalls.swift` is the model): each with the header it comes from.
package enum Syscalls {
  /// `O_TMPFILE` (linux/fcntl.h: `__O_TMPFILE | O_DIRECTORY`, `__O_TMPFILE` being 0o20000000):
  /// an anonymous file in a folder, discarded by the kernel if the process dies before it is
  /// linked under a name.
  package static let openTemporaryFile: Int32 = 0o20000000 | O_DIRECTORY

  /// `renameat2` flags (linux/fs.h).
  package enum RenameFlag {
    /// Fail if the target exists.
    package static let noReplace: UInt32 = 1
    /// Swap the two names in one step.
    package static let exchange: UInt32 = 2
  }

  /// `renameat2(2)` (glibc 2.28, Linux 3.15).
  package static func rename(_ from: String, _ to: String, flags: UInt32) -> Int32 {
    systemRenameAt2(AT_FDCWD, from, AT_FDCWD, to, flags)
  }

  /// glibc's `malloc_trim(3)`: gives freed heap back to the system.
  package static func trimMalloc() {
    #if canImport(Glibc)
      _ = glibcMallocTrim(0)
    #endif
  }
}

/// glibc's `renameat2` (stdio.h, with `_GNU_SOURCE`, which the Glibc module does not define).
@_silgen_name("renameat2")
private func systemRenameAt2(
  _ fromFolder: Int32, _ from: UnsafePointer<CChar>, _ toFolder: Int32, _ to: UnsafePointer<CChar>,
  _ flags: UInt32
) -> Int32

#if canImport(Glibc)
  /// glibc's `malloc_trim` (malloc.h, which the Glibc module does not export).
  @_silgen_name("malloc_trim")
  private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
