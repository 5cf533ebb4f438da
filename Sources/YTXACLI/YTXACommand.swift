import Foundation
import YTXAFormats
import YTXAKit

/// Where a command writes: reports to `out`, diagnostics to `err`. Diagnostics, and reports in
/// the text format (``text(_:)``), have their control characters escaped (``TerminalText``):
/// they quote names and values from input files, and go to a terminal.
package struct Console: Sendable {
  package var out: @Sendable (String) -> Void
  /// Bytes already in UTF-8 to `out` (JSON made as bytes is not turned into a string on the way).
  package var outBytes: @Sendable ([UInt8]) -> Void
  package var err: @Sendable (String) -> Void
  /// Whether stderr is a terminal (progress is shown only then).
  package var isErrorTerminal: Bool
  /// Whether stdout is a terminal (a binary format is then refused, not printed).
  package var isOutputTerminal: Bool
  /// A password typed by the user (`prompt` said first; at a terminal, not echoed), or one line
  /// of standard input; `nil` at its end. Never taken from an argument.
  package var secret: @Sendable (_ prompt: String) -> String? = { _ in nil }

  package init(
    out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
    outBytes: (@Sendable ([UInt8]) -> Void)? = nil, isErrorTerminal: Bool = false,
    isOutputTerminal: Bool = false
  ) {
    self.out = out
    self.outBytes = outBytes ?? { out(String(decoding: $0, as: UTF8.self)) }
    self.err = { err(TerminalText.safe($0)) }
    self.isErrorTerminal = isErrorTerminal
    self.isOutputTerminal = isOutputTerminal
  }

  /// Writes a text-format report to `out`, control characters escaped.
  package func text(_ report: String) { out(TerminalText.safe(report)) }

  /// The process's stdout and stderr.
  package static let standard = Console(
    out: { FileHandle.standardOutput.write(Data($0.utf8)) },
    err: { FileHandle.standardError.write(Data($0.utf8)) },
    outBytes: { FileHandle.standardOutput.write(Data($0)) },
    isErrorTerminal: isatty(STDERR_FILENO) == 1, isOutputTerminal: isatty(STDOUT_FILENO) == 1
  ).reading(secret: { prompt in SecretInput.read(prompt: prompt) })

  /// The same console, reading passwords with `secret`.
  package func reading(secret: @escaping @Sendable (String) -> String?) -> Console {
    var copy = self
    copy.secret = secret
    return copy
  }
}

/// Passwords from the terminal without echo, or from standard input when it is not one.
enum SecretInput {
  static func read(prompt: String) -> String? {
    let terminal = isatty(STDIN_FILENO) == 1
    var saved = termios()
    if terminal {
      FileHandle.standardError.write(Data(prompt.utf8))
      tcgetattr(STDIN_FILENO, &saved)
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    }
    defer {
      if terminal {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
        FileHandle.standardError.write(Data("\n".utf8))
      }
    }
    // One line, at most 1 KiB, read byte by byte so that the next password stays unread.
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while bytes.count <= 1024 {
      let count = Foundation.read(STDIN_FILENO, &byte, 1)
      if count < 0, errno == EINTR { continue }
      guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      if byte == 0x0A { break }
      if byte != 0x0D { bytes.append(byte) }
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

/// Exit codes of the interfaces spec.
package enum ExitCode {
  /// Success; for score/check: every commune passes.
  package static let success: Int32 = 0
  /// At least one commune does not pass, or an input file was rejected.
  package static let failure: Int32 = 1
  /// Bad usage or an unreadable criteria/roadmap file.
  package static let usage: Int32 = 2
  /// The outputs could not be written (disk full, read-only folder): an addition to the spec's
  /// codes, so that a script can tell it from "a commune fails".
  package static let outputFailure: Int32 = 3
}

/// The `ytxa` program: dispatches to a command.
public enum YTXACommand {
  /// The version printed by `ytxa --version` (``BuildInfo``).
  public static let version = BuildInfo.version

  /// Runs with the process's arguments and exits with the command's code.
  public static func main() -> Never {
    // The arguments as bytes: a file name that is not valid UTF-8 is kept without loss.
    let arguments = (1..<Int(CommandLine.argc)).map { index in
      OSName.decode(
        CommandLine.unsafeArgv[index].map {
          Array(UnsafeBufferPointer(start: $0, count: strlen($0)))
        }
        .map { $0.map { UInt8(bitPattern: $0) } } ?? [])
    }
    let code = run(arguments, console: .standard)
    exit(code)
  }

  /// The overview `ytxa --help` prints, in the user's language (Vietnamese by default).
  static func overview(_ language: Language) -> String {
    language.pick(overviewVietnamese, overviewEnglish)
  }

  static let overviewVietnamese = """
    TỔNG QUAN: ytxa chấm điểm các xã theo Bộ tiêu chí quốc gia về y tế xã (QĐ 1300/QĐ-BYT) và
    theo dõi tiến độ của các huyện so với lộ trình của tỉnh.

    CÁCH DÙNG: ytxa <lệnh> [tùy chọn]

    CÁC LỆNH:
      score             Chấm điểm các tệp minh chứng (text, json, csv, html, xlsx)
      check             Tự kiểm tra: kết luận, chỗ còn thiếu, phương án cải thiện ít nhất
      batch             Chấm song song cả thư mục hoặc cả bảng; tổng hợp theo huyện
      template          In mẫu nhập minh chứng (CSV, tệp .xlsx, hoặc JSON)
      roadmap           Tiến độ từng năm của từng huyện so với lộ trình của tỉnh
      plan              Đánh giá chỉ tiêu của một kế hoạch y tế từ số liệu (bao phủ, chỉ số)
      council           Hồ sơ một đợt thẩm định: biên bản, danh sách, báo cáo
      criteria validate Kiểm tra một tệp bộ tiêu chí, liệt kê mọi lỗi
      criteria show     In một bộ tiêu chí dưới dạng bảng
      criteria diff     Những gì thay đổi giữa hai tệp bộ tiêu chí, từng chỉ tiêu
      units show        Đơn vị mà một mã xã chỉ, qua thời gian
      units list        Các đơn vị có hiệu lực của một tỉnh vào một ngày
      register check    Kiểm tra sổ quyết định công nhận, từng dòng
      register show     Những xã được công nhận vào một ngày, theo quyết định nào
      serve             Phục vụ các trang và API của kho cho trình duyệt
      serve init        Tạo kho dữ liệu của máy chủ và quản trị viên đầu tiên
      serve user        Thêm, liệt kê, khóa tài khoản, đổi mật khẩu
      serve check       Kiểm tra kho dữ liệu và chuỗi nhật ký kiểm tra
      serve export      Ghi kho ra các tệp thường (sao lưu, đầu vào của các lệnh)
      verify            Chạy lại một lần batch theo manifest và cho biết kết quả còn khớp không

    Xem tùy chọn của một lệnh: 'ytxa <lệnh> --help'; phiên bản: 'ytxa --version'.
    Thêm --lang en để xem bằng tiếng Anh.

    """

  static let overviewEnglish = """
    OVERVIEW: ytxa scores Vietnamese communes against the national commune health criteria
    (Bộ tiêu chí quốc gia về y tế xã, QĐ 1300/QĐ-BYT) and tracks districts against a roadmap.

    USAGE: ytxa <command> [options]

    COMMANDS:
      score             Score evidence files (text, json, csv, html, xlsx)
      check             Pre-check communes: verdict, shortfalls, smallest repair plan
      batch             Score a whole folder or CSV file in parallel; summary by district
      template          Print an evidence template (CSV, .xlsx workbook, or JSON)
      roadmap           District attainment, year by year, against a province's roadmap
      plan              A health plan's targets evaluated from the evidence (coverage, indicators)
      council           A council round's papers: minutes, lists, summary
      criteria validate Check a criteria file and list every problem
      criteria show     Print a criteria set as a readable table
      criteria diff     What changed between two criteria files, indicator by indicator
      units show        The unit a commune code names, over time
      units list        The units in force in a province on a day
      register check    Check the register of recognition decisions, row by row
      register show     Who is recognised on a day, by which decision, until when
      serve             Serve the store's pages and API to browsers
      serve init        Create the server's store and its first administrator
      serve user        Add, list or disable accounts; change a password
      serve check       Verify the store and its audit chain
      serve export      Write the store as plain files (backup, the commands' inputs)
      verify            Re-run a batch from its manifest and say whether the outputs still match

    Run 'ytxa <command> --help' for a command's options; 'ytxa --version' for the version.

    """

  static let commands = [
    "score", "check", "batch", "template", "roadmap", "plan", "council", "criteria", "units",
    "register", "serve", "verify",
  ]

  /// Runs one command line; returns the exit code.
  package static func run(_ arguments: [String], console: Console) -> Int32 {
    guard let first = arguments.first else {
      console.out(overview(.vi))
      return ExitCode.success
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--help", "-h", "help":
      console.out(overview(UsageError.language(of: arguments)))
      return ExitCode.success
    case "--version", "version":
      console.out(BuildInfo.versionLine() + "\n")
      return ExitCode.success
    case "score":
      return ScoreCommand.run(rest, console: console)
    case "check":
      return CheckCommand.run(rest, console: console)
    case "batch":
      return BatchCommand.run(rest, console: console)
    case "template":
      return TemplateCommand.run(rest, console: console)
    case "roadmap":
      return RoadmapCommand.run(rest, console: console)
    case "council":
      return CouncilCommand.run(rest, console: console)
    case "criteria":
      return CriteriaCommand.run(rest, console: console)
    case "units":
      return UnitsCommand.run(rest, console: console)
    case "serve":
      return ServeCommand.run(rest, console: console)
    case "register":
      return RegisterCommand.run(rest, console: console)
    case "verify":
      return VerifyCommand.run(rest, console: console)
    case "plan":
      return PlanCommand.run(rest, console: console)
    default:
      let hint = UsageError.hint(first, among: commands + ["--help", "--version"])
      let message =
        first.hasPrefix("-")
        ? Message("Không có tùy chọn '\(first)'.", "Unknown option '\(first)'.")
        : Message("Không có lệnh '\(first)'.", "Unknown command '\(first)'.")
      console.err(
        UsageError(command: "", message: message + hint).text(UsageError.language(of: arguments))
          + "\n")
      return ExitCode.usage
    }
  }

  /// Parses, printing help or a usage error; `nil` means "return `code`".
  static func parse(_ spec: CommandSpec, _ arguments: [String], console: Console)
    -> (ParsedArguments?, Int32)
  {
    do {
      let parsed = try spec.parse(arguments)
      if parsed.wantsHelp {
        console.out(spec.help(UsageError.language(of: arguments)))
        return (nil, ExitCode.success)
      }
      return (parsed, ExitCode.success)
    } catch {
      console.err(error.text(UsageError.language(of: arguments)) + "\n")
      return (nil, ExitCode.usage)
    }
  }
}
