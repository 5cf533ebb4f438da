/// The SHA-256 of a regular file, read a piece of 1 MiB at a time (``FileSystem/Pieces``:
/// nothing held but the piece), for the run manifest and `ytxa verify`; a file past `limit` (the
/// limit of its kind: a run's inputs were read under theirs) is refused, never read to its end.
package enum FileDigest {
  public static func of(_ path: String, limit: FileSystem.Limit) -> Result<
    (sha256: String, size: Int), FileSystem.Failure
  > {
    do throws(FileSystem.Failure) {
      let pieces = try FileSystem.Pieces(path, limit: limit)
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
