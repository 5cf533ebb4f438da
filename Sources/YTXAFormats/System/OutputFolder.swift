import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// An output folder whose files change together: a run writes into a fresh sibling folder
/// (`.NAME.ytxa-new-PID`), and ``commit()`` swaps it with the folder in one atomic exchange, so
/// that a reader, a killed run or a full disk leaves either every output of the new run or the
/// previous run's outputs untouched, never a mix. An advisory lock (`.NAME.ytxa-lock` beside the
/// folder) makes a second run into the same folder refuse at once instead of mixing.
///
/// The folder must be new, empty, or hold only outputs of an earlier run (``outputNames``): a
/// folder holding anything else is refused, so that swapping it away can never lose a file the
/// user put there (an evidence folder named by mistake, for example).
package final class OutputFolder {
  /// Why an output folder cannot be used.
  public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  /// The files a run writes; an existing folder may hold nothing else.
  public static let outputNames: Set<String> = [
    "results.jsonl", "errors.jsonl", "summary.json", "summary.csv", "summary.xlsx",
    "report.html", "compare.jsonl", "manifest.json",
  ]

  /// The folder, as given (a link to a folder is resolved to the folder it names).
  public let path: String
  /// Where this run's files are written until ``commit()``.
  public let staging: String
  private let lock: Int32
  private var isCommitted = false

  /// Takes the lock, checks the folder and creates the staging folder. `input` is the folder or
  /// file the run reads: the output folder may not be it or contain it.
  public init(path given: String, input: String) throws(Refusal) {
    var path = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
    if let resolved = Self.resolvedLink(path) { path = resolved }
    let (parentFolder, name) = PathParts.split(path)
    guard !name.isEmpty, name != ".", name != ".." else {
      throw Refusal(description: "\(given): name a folder for the outputs, such as ./ytxa-results")
    }
    do {
      try FileManager.default.createDirectory(
        atPath: parentFolder, withIntermediateDirectories: true)
    } catch {
      throw Refusal(description: "cannot create the folder \(parentFolder): \(error)")
    }
    try Self.checkInput(path, given: given, input: input)
    let lockPath = "\(parentFolder)/.\(name).ytxa-lock"
    lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard lock >= 0 else {
      throw Refusal(
        description: "cannot create the lock file \(lockPath): \(String(cString: strerror(errno)))")
    }
    guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
      close(lock)
      throw Refusal(
        description: "another ytxa run is writing \(given) now; wait until it has finished, or "
          + "choose another --out folder")
    }
    self.path = path
    staging = "\(parentFolder)/.\(name).ytxa-new-\(getpid())"
    do throws(Refusal) {
      // Holding the lock, any staging folder left here is from a run that was killed.
      Self.removeLeftovers(in: parentFolder, name: name)
      try Self.checkContents(path, given: given)
      guard mkdir(staging, 0o755) == 0 else {
        throw Refusal(
          description: "cannot create \(staging): \(String(cString: strerror(errno)))")
      }
    } catch {
      close(lock)
      throw error
    }
  }

  deinit {
    if !isCommitted { Self.removeOutputs(staging) }
    close(lock)
  }

  /// The identities of the output folder and its staging folder, to leave out of a folder walk.
  public var identities: Set<FileIdentity> {
    Set([path, staging].compactMap(FileSystem.identity))
  }

  /// Puts the staging folder in place of the output folder in one step, then removes the
  /// previous outputs.
  public func commit() throws(FileWriteError) {
    let folder = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if folder >= 0 {
      _ = fsync(folder)
      close(folder)
    }
    let swapped = Syscalls.rename(staging, path, flags: Syscalls.RenameFlag.exchange)
    if swapped != 0 {
      guard errno == ENOENT,
        Syscalls.rename(staging, path, flags: Syscalls.RenameFlag.noReplace) == 0
      else {
        throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
      }
    }
    isCommitted = true
    // After an exchange the staging name holds the previous run's outputs.
    Self.removeOutputs(staging)
    let parentFolder = open(PathParts.split(path).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if parentFolder >= 0 {
      _ = fsync(parentFolder)
      close(parentFolder)
    }
  }

  private static func resolvedLink(_ path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
      let resolved = realpath(path, nil)
    else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Refuses an output folder that is (or contains) the input.
  private static func checkInput(_ path: String, given: String, input: String) throws(Refusal) {
    guard let out = FileSystem.identity(path) else { return }
    // The input or any folder above it being the output folder: the run would replace its own
    // evidence.
    var folder = URL(fileURLWithPath: input).standardizedFileURL
    while true {
      if FileSystem.identity(folder.path) == out {
        throw Refusal(
          description: "--out \(given) is the input folder or contains it; choose an output "
            + "folder outside \(input)")
      }
      let up = folder.deletingLastPathComponent()
      if up.path == folder.path { break }
      folder = up
    }
  }

  /// Refuses an existing output folder that is not a folder or holds anything but outputs.
  private static func checkContents(_ path: String, given: String) throws(Refusal) {
    guard FileSystem.identity(path) != nil else { return }
    guard case .success(true) = FileSystem.isFolder(path) else {
      throw Refusal(description: "--out \(given) is a file, not a folder")
    }
    // A folder that cannot be listed cannot be shown to hold only outputs: it is not replaced.
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
      throw Refusal(description: "--out \(given) cannot be read, so it is not replaced")
    }
    let foreign = names.filter { !outputNames.contains($0) && !isOldTemporary($0) }.sorted()
    if let first = foreign.first {
      throw Refusal(
        description: "--out \(given) holds \(foreign.count) entries that are not ytxa outputs "
          + "(first: \(OSName.display(first))); a run replaces the whole folder, so choose a new "
          + "or empty folder, or one written by an earlier run")
    }
  }

  /// A temporary file of an earlier version of ytxa (`.NAME.ytxa-tmp-PID`).
  private static func isOldTemporary(_ name: String) -> Bool {
    name.hasPrefix(".") && name.contains(".ytxa-tmp-")
  }

  /// Removes staging folders of killed runs beside the output folder.
  private static func removeLeftovers(in parent: String, name: String) {
    let prefix = ".\(name).ytxa-new-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for entry in names where entry.hasPrefix(prefix) {
      removeOutputs("\(parent)/\(entry)")
    }
  }

  /// Removes a folder of outputs: only the files a run writes, then the folder if it is empty
  /// (never anything else).
  private static func removeOutputs(_ folder: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names where outputNames.contains(name) || isOldTemporary(name) {
      unlink("\(folder)/\(name)")
    }
    rmdir(folder)
  }
}
