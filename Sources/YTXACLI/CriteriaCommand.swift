import Foundation
import YTXAFormats
import YTXAKit

/// `ytxa criteria validate [PATH]` and `ytxa criteria show [PATH]`.
enum CriteriaCommand {
  static let validateSpec = CommandSpec(
    name: "criteria validate",
    summary: "Check a criteria file; list every problem with its JSON path.",
    summaryVi: "Kiểm tra một tệp bộ tiêu chí; liệt kê mọi lỗi với đường dẫn JSON.",
    positionals: "[PATH]", maximumPositionals: 1,
    options: [
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
        vi: "Ngôn ngữ (mặc định vi).")
    ],
    discussion: """
      Without PATH, every criteria set and roadmap the bundle declares (Criteria/bundle.json) is
      checked. Exit 0 valid, 2 invalid.
      """,
    discussionVi: """
      Không có PATH: kiểm tra mọi bộ tiêu chí và lộ trình mà bộ dữ liệu kèm theo khai
      (Criteria/bundle.json). Mã thoát: 0 hợp lệ, 2 không hợp lệ.
      """)

  static let showSpec = CommandSpec(
    name: "criteria show",
    summary: "Print a criteria set as a readable table.",
    summaryVi: "In một bộ tiêu chí dưới dạng bảng dễ đọc.",
    positionals: "[PATH]", maximumPositionals: 1,
    options: [
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
        vi: "Ngôn ngữ (mặc định vi).")
    ],
    discussion: "Without PATH, the bundled qd-1300-2023 set is shown.",
    discussionVi: "Không có PATH: in bộ qd-1300-2023 kèm theo.")

  static let diffSpec = CommandSpec(
    name: "criteria diff",
    summary: "Show what changed between two criteria files, indicator by indicator.",
    summaryVi: "Những gì thay đổi giữa hai tệp bộ tiêu chí, từng chỉ tiêu.",
    positionals: "OLD NEW", minimumPositionals: 2, maximumPositionals: 2,
    options: [
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json"],
        help: "text (default) or json.", vi: "text (mặc định) hoặc json."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"], help: "Language (default vi).",
        vi: "Ngôn ngữ (mặc định vi)."),
    ],
    discussion: """
      Both files are read as given, whatever criteria set id they carry, and must be valid.
      Numbers compare by value and text by canonical equivalence; choices and checklist items
      are matched by key, indicators by number. Exit 0 identical, 1 different, 2 a file is
      unreadable or invalid.
      """,
    discussionVi: """
      Hai tệp được đọc như đã cho, bất kể mã bộ tiêu chí, và phải hợp lệ. Số so theo giá trị, chữ
      so theo dạng chuẩn; lựa chọn và mục danh sách so theo khóa, chỉ tiêu theo số. Mã thoát: 0 giống
      nhau, 1 khác nhau, 2 có tệp không đọc được hoặc không hợp lệ.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let sub = arguments.first
    let rest = Array(arguments.dropFirst())
    switch sub {
    case "validate": return validate(rest, console: console)
    case "show": return show(rest, console: console)
    case "diff": return diff(rest, console: console)
    case "--help", "-h", nil:
      console.out(
        UsageError.language(of: arguments).pick(
          "TỔNG QUAN: Kiểm tra, in hoặc so sánh bộ tiêu chí.\n\nCÁCH DÙNG: ytxa criteria validate "
            + "[PATH]\n           ytxa criteria show [PATH]\n           ytxa criteria diff OLD NEW"
            + "\n\nXem chi tiết: 'ytxa criteria validate --help'.\n",
          "OVERVIEW: Check, print or compare criteria sets.\n\nUSAGE: ytxa criteria validate [PATH]\n"
            + "       ytxa criteria show [PATH]\n       ytxa criteria diff OLD NEW\n\n"
            + "Run 'ytxa criteria validate --help' for details.\n"))
      return sub == nil ? ExitCode.usage : ExitCode.success
    case let other?:
      console.err(
        UsageError.unknownSubcommand(other, among: ["validate", "show", "diff"], of: "criteria")
          .text(UsageError.language(of: arguments)) + "\n")
      return ExitCode.usage
    }
  }

  static func load(_ path: String?) throws(CriteriaError) -> CriteriaSet {
    if let path { return try CriteriaSet(contentsOf: URL(fileURLWithPath: path)) }
    return try BundledFiles().criteriaSet(id: BundledFiles.defaultCriteriaSetID)
  }

  static func validate(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(validateSpec, arguments, console: console)
    guard let parsed else { return code }
    let l = parsed.language
    func describe(_ set: CriteriaSet, _ name: String) -> String {
      l.pick(
        "\(name): bộ tiêu chí \(set.id) hợp lệ: \(set.criteria.count) tiêu chí, "
          + "\(set.indicators.count) chỉ tiêu, \(set.totalPoints) điểm; "
          + "\(set.unverifiedCount)/\(set.indicators.count) chỉ tiêu chưa đối chiếu (tái dựng); "
          + "SHA-256 \(set.source?.sha256 ?? "")\n",
        "\(name): valid criteria set \(set.id): \(set.criteria.count) criteria, "
          + "\(set.indicators.count) indicators, \(set.totalPoints) points; "
          + "\(set.unverifiedCount) of \(set.indicators.count) indicators unverified "
          + "(reconstructed); SHA-256 \(set.source?.sha256 ?? "")\n")
    }
    do {
      if let path = parsed.positionals.first {
        console.out(describe(try load(path), path))
        return ExitCode.success
      }
      let bundle = BundledFiles()
      let manifest = try bundle.manifest()
      for id in manifest.criteriaSets.keys.sorted() {
        let set = try bundle.criteriaSet(id: id)
        console.out(describe(set, set.source?.file ?? id))
      }
      for id in manifest.roadmaps.keys.sorted() {
        let roadmap = try bundle.roadmap(id: id)
        let file = "Criteria/\(manifest.roadmaps[id] ?? id)"
        var units = ""
        if let day = roadmap.unitsAsOf {
          try roadmap.check(against: bundle.unitRegistry(), file: file)
          units = l.pick(
            "; các xã khớp danh mục đơn vị ngày \(day.vietnamese)",
            "; communes agree with the unit registry on \(day.iso)")
        }
        console.out(
          l.pick(
            "\(file): lộ trình \(roadmap.id) hợp lệ: \(roadmap.districts.count) huyện, "
              + "\(roadmap.provinceCommunes) xã\(units)\n",
            "\(file): valid roadmap \(roadmap.id): "
              + "\(roadmap.districts.count) districts, \(roadmap.provinceCommunes) communes\(units)\n"
          ))
      }
      for id in manifest.plans.keys.sorted() {
        let (plan, file, _) = try PlanCommand.loadPlan(id, resolver: CriteriaResolver(path: nil))
        try plan.check(against: bundle.unitRegistry(), file: file)
        let kinds = [
          ("recognised", "số xã đạt chuẩn"), ("indicator", "chỉ số"), ("external", "ngoài số liệu"),
        ].map { kind, vietnamese in
          "\(plan.targets.count { $0.kindKey == kind }) " + l.pick(vietnamese, kind)
        }
        console.out(
          l.pick(
            "\(file): kế hoạch \(plan.id) hợp lệ: \(plan.targets.count) chỉ tiêu ("
              + kinds.joined(separator: ", ") + "); địa bàn \(plan.area.name) ngày "
              + "\(plan.area.asOf.vietnamese)\n",
            "\(file): valid plan \(plan.id): \(plan.targets.count) targets ("
              + kinds.joined(separator: ", ") + "); area \(plan.area.name) on "
              + "\(plan.area.asOf.iso)\n"))
      }
      return ExitCode.success
    } catch {
      console.error(Message(describing: error), parsed.language)
      return ExitCode.usage
    }
  }

  static func show(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(showSpec, arguments, console: console)
    guard let parsed else { return code }
    do {
      let set = try load(parsed.positionals.first)
      let language = parsed.language
      console.text(CriteriaTable(criteria: set, language: language).render())
      return ExitCode.success
    } catch {
      console.error(Message(describing: error), parsed.language)
      return ExitCode.usage
    }
  }

  static func diff(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(diffSpec, arguments, console: console)
    guard let parsed else { return code }
    do {
      let diff = try CriteriaDiff(oldPath: parsed.positionals[0], newPath: parsed.positionals[1])
      if parsed["--format"] == "json" {
        console.out(diff.json())
      } else {
        console.text(diff.text(language: parsed.language))
      }
      return diff.isIdentical ? ExitCode.success : ExitCode.failure
    } catch {
      console.error(Message(describing: error), parsed.language)
      return ExitCode.usage
    }
  }
}
