import Foundation
import Synchronization
import YTXAFormats
import YTXAKit

extension BatchCommand {
  /// The short summary printed on stdout.
  static func text(_ summary: BatchSummary, out: String, language l: Language = .vi) -> String {
    var lines: [String] = []
    let p = summary.province
    lines.append(
      l.pick(
        "Đã xử lý \(summary.files) tệp: \(p.communes) hồ sơ xã-năm được chấm · \(p.passed) đạt · "
          + "\(p.failed) chưa đạt · \(p.rejected) bị từ chối"
          + (summary.skipped > 0 ? " · \(summary.skipped) bỏ qua (khác năm)" : "")
          + (summary.unfilled > 0 ? " · \(summary.unfilled) dòng chưa điền" : ""),
        "Processed \(summary.files) files: \(p.communes) commune-year records scored · "
          + "\(p.passed) pass · \(p.failed) fail · \(p.rejected) rejected"
          + (summary.skipped > 0 ? " · \(summary.skipped) skipped (other years)" : "")
          + (summary.unfilled > 0 ? " · \(summary.unfilled) rows not filled in" : "")))
    for set in summary.criteria {
      lines.append(
        l.pick(
          "Lưu ý: ", "Note: ")
          + Phrasebook(l).unverified(set.unverified, of: set.indicators, set: set.id)
          + l.pick(
            ". \(set.scored) tệp được chấm theo bộ này.",
            ". \(set.scored) files were scored with it.")
          + (set.source.map { " " + Phrasebook(l).source($0) } ?? ""))
    }
    lines.append(Phrasebook(l).districtsAsOf(unitsChecked: summary.unitsChecked))
    lines.append("")
    var header: String = l.pick("Huyện", "District").padded(to: 26)
    header += l.pick("Số xã", "Scored").leftPadded(to: 7) + l.pick("Đạt", "Pass").leftPadded(to: 6)
    header += l.pick("Chưa", "Fail").leftPadded(to: 6)
    header += l.pick("Từ chối", "Rejected").leftPadded(to: 9)
    header += l.pick("Điểm TB", "Mean").leftPadded(to: 9)
    header += l.pick("Tỷ lệ đạt", "Pass rate").leftPadded(to: 11)
    lines.append(header)
    func row(_ label: String, _ tally: BatchTally) -> String {
      let mean: String = tally.meanTotal.map(l.formatPercent) ?? "—"
      var rate = "—"
      if let value = tally.passRate { rate = l.formatPercent(value) + "%" }
      var text: String = label.truncated(to: 25).padded(to: 26)
      text += String(tally.communes).leftPadded(to: 7)
      text += String(tally.passed).leftPadded(to: 6)
      text += String(tally.failed).leftPadded(to: 6)
      text += String(tally.rejected).leftPadded(to: 9)
      text += mean.leftPadded(to: 9)
      text += rate.leftPadded(to: 11)
      return text
    }
    for district in summary.districts {
      lines.append(row(Phrasebook(l).groupLabel(district), district.tally))
    }
    lines.append(row(l.pick("Toàn bộ", "All"), p))
    lines += extraLines(summary, language: l)
    lines.append("")
    lines.append(
      l.pick("Kết quả: ", "Results: ")
        + "\(out)/results.jsonl, errors.jsonl, summary.json, summary.csv, summary.xlsx, "
        + "report.html" + (summary.comparedSet == nil ? "" : ", compare.jsonl")
        + ", manifest.json")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The lines on the earlier run (`--previous`) and on the compared set (`--compare-criteria`).
  static func extraLines(_ summary: BatchSummary, language l: Language) -> [String] {
    var lines: [String] = []
    if let reevaluation = summary.reevaluation {
      lines.append("")
      lines.append(
        l.pick(
          "So với lần trước: \(reevaluation.toWithdraw.count) đề nghị thu hồi · "
            + "\(reevaluation.toMaintain.count) duy trì · \(reevaluation.candidates.count) mới đạt · "
            + "\(reevaluation.notReassessed.count) trước đạt nay không có hồ sơ",
          "Against the previous run: \(reevaluation.toWithdraw.count) to withdraw · "
            + "\(reevaluation.toMaintain.count) to maintain · \(reevaluation.candidates.count) newly "
            + "passing · \(reevaluation.notReassessed.count) passed before, no file now"))
      for item in reevaluation.toWithdraw {
        lines.append(
          l.pick("  thu hồi: ", "  withdraw: ")
            + "\(item.now.name) (\(item.now.code)), " + l.pick("năm ", "year ") + "\(item.now.year)"
        )
      }
    }
    if let other = summary.comparedSet {
      let c = summary.compared
      lines.append("")
      lines.append(
        l.pick(
          "Theo bộ \(other.id) (\(other.source?.file ?? "")): \(c.passedAfter) đạt thay vì "
            + "\(c.passedBefore) · \(c.gained) thêm đạt · \(c.lost) mất đạt · \(c.changed) hồ sơ "
            + "đổi kết quả hoặc tổng điểm (compare.jsonl)",
          "Under \(other.id) (\(other.source?.file ?? "")): \(c.passedAfter) pass instead of "
            + "\(c.passedBefore) · \(c.gained) gain · \(c.lost) lose · \(c.changed) records change "
            + "verdict or total (compare.jsonl)")
          + (c.notScoredAfter > 0
            ? l.pick(
              " · \(c.notScoredAfter) không chấm được theo bộ đó",
              " · \(c.notScoredAfter) cannot be scored under it") : ""))
    }
    return lines
  }

  /// Progress on a terminal: files done / total and the rate, at most ten times a second.
  final class Progress: Sendable {
    private let console: Console
    private let start = Date()
    private let last = Mutex(Date.distantPast)

    init(console: Console) { self.console = console }

    func report(_ done: Int, _ total: Int) {
      let now = Date()
      let line: String? = last.withLock { last in
        guard done == total || now.timeIntervalSince(last) >= 0.1 else { return nil }
        last = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        // A table's rows are counted as they are read: no total is known before the end.
        guard total > 0 else { return "\r\(done) dòng · \(Int(Double(done) / elapsed)) dòng/giây" }
        return "\r\(done)/\(total) tệp · \(Int(Double(done) / elapsed)) tệp/giây"
      }
      if let line { console.err(line) }
    }
  }
}
