/// The SHA-256 of a regular file, read a piece of 1 MiB at a time (``FileSystem/Pieces``: any
/// size, nothing held but the piece), for the run manifest and `ytxa verify`.
package enum FileDigest {
  public static func of(_ path: String) -> Result<(sha256: String, size: Int), FileSystem.Failure> {
    do throws(FileSystem.Failure) {
      let pieces = try FileSystem.Pieces(path, limit: FileSystem.Limit(bytes: .max))
      var hash = SHA256()
      var size = 0
      while let piece = try pieces.next() {
        hash.update(piece)
        size += piece.count
      }
      return .success((hash.finalizeHex(), size))
    } catch {
      return .failure(error)
    }
  }
}
