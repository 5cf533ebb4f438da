import YTXAFormats
import YTXAKit

/// A council round of the province (interfaces §10): opened by a province account with its month
/// (`YYYY-MM`, the month of the council's appraisal, as `ytxa council --round` reads it) and its
/// registration deadline; communes submit one of their submissions to it, the province may
/// return one with a comment (the commune submits again; every version is kept), and closes it.
/// A round is its lines in the audit log (`round.open`, `round.submit`, `round.return`,
/// `round.close`): one synced line per change, so a kill leaves the change made or not.
package struct Round: Sendable, Equatable {
  package enum Action: String, Sendable, CaseIterable {
    case open = "round.open"
    case submit = "round.submit"
    case `return` = "round.return"
    case close = "round.close"
  }

  /// One commune's submission to the round: the latest of a commune is the one the council
  /// reads, unless returned.
  package struct Entry: Sendable, Equatable {
    package enum State: String, Sendable {
      /// The commune's latest, for the council.
      case submitted
      /// Sent back to the commune with a comment.
      case returned
      /// Followed by a later submission of the same commune.
      case replaced
    }

    package var submission: String
    package var unit: String
    package var account: String
    package var at: String
    package var state: State
    package var comment: String?
    package var returnedBy: String?
    package var returnedAt: String?
  }

  /// `YYYY-MM`.
  package var name: String
  /// `YYYY-MM-DD`: the last day a commune may submit.
  package var deadline: String
  package var openedBy: String
  package var openedAt: String
  package var closedBy: String?
  package var closedAt: String?
  /// Every submission to the round, in the order received.
  package var entries: [Entry] = []

  package var isOpen: Bool { closedAt == nil }

  /// The entries the council reads: each commune's latest, when not returned.
  package var current: [Entry] { entries.filter { $0.state == .submitted } }

  /// Whether `text` names a round: a month `YYYY-MM`.
  package static func isValidName(_ text: String) -> Bool {
    text.utf8.count == 7 && Day(iso: text + "-01") != nil
  }

  /// The rounds as the audit log's lines make them, in the order opened.
  package static func replay(_ records: [AuditLog.Record]) -> [Round] {
    var rounds: [Round] = []
    for record in records { apply(record, to: &rounds) }
    return rounds
  }

  /// One line's change to the rounds (lines of other kinds change nothing).
  package static func apply(_ record: AuditLog.Record, to rounds: inout [Round]) {
    guard let action = Action(rawValue: record.action), let name = record.details["round"] else {
      return
    }
    let index = rounds.firstIndex { $0.name == name }
    let d = record.details
    switch action {
    case .open:
      guard index == nil, let deadline = d["deadline"] else { return }
      rounds.append(
        Round(name: name, deadline: deadline, openedBy: record.actor, openedAt: record.at))
    case .submit:
      guard let index, let id = d["submission"], let unit = d["unit"] else { return }
      for other in rounds[index].entries.indices
      where rounds[index].entries[other].unit == unit
        && rounds[index].entries[other].state == .submitted
      {
        rounds[index].entries[other].state = .replaced
      }
      rounds[index].entries.append(
        Entry(
          submission: id, unit: unit, account: record.actor, at: record.at, state: .submitted))
    case .return:
      guard let index, let id = d["submission"],
        let entry = rounds[index].entries.lastIndex(where: {
          $0.submission == id && $0.state == .submitted
        })
      else { return }
      rounds[index].entries[entry].state = .returned
      rounds[index].entries[entry].comment = d["comment"] ?? ""
      rounds[index].entries[entry].returnedBy = record.actor
      rounds[index].entries[entry].returnedAt = record.at
    case .close:
      guard let index else { return }
      rounds[index].closedBy = record.actor
      rounds[index].closedAt = record.at
    }
  }
}
