import ArgumentParser
import Foundation
import NewsroomKit

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Tell when the next held-back release becomes due, so CI can rebuild at that minute."
    )

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var publication: PublicationOptions

    @Flag(name: .long, help: "Print JSON for scripts and CI.")
    var json = false

    func run() throws {
        let options = BuildOptions(
            siteDirectory: siteOptions.site, includeDrafts: publication.drafts, includeFuture: publication.future,
            clock: Clock(now: publication.now ?? Date()))
        let schedule: PublicationSchedule
        do {
            schedule = try Builder.schedule(options)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitCode.failure
        }
        print(json ? ScheduleText.json(schedule) : ScheduleText.human(schedule))
    }
}

/// The schedule as text for people and as JSON for CI.
enum ScheduleText {
    static func human(_ schedule: PublicationSchedule) -> String {
        guard !schedule.entries.isEmpty else { return "Nothing is held back." }
        var lines: [String] = []
        if let next = schedule.next, let utc = next.dueUTC, let local = next.dueLocal {
            lines.append("Next due: \(utc) (\(local) \(schedule.timeZone)): \(next.sourcePath)")
            if let cron = schedule.nextCronUTC { lines.append("Rebuild with a UTC cron entry: \(cron)") }
        } else {
            lines.append("Nothing becomes due by itself; only drafts are held back.")
        }
        lines.append("Held back:")
        for entry in schedule.entries {
            let when = entry.dueUTC.map { entry.reason == "scheduled" ? " for \($0)" : " until \($0)" } ?? ""
            lines.append("  \(entry.sourcePath): \(entry.reason)\(when)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ schedule: PublicationSchedule) -> String {
        func string(_ value: String?) -> String {
            guard let value else { return "null" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let data = (try? encoder.encode(value)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
        let entries = schedule.entries.map { entry in
            "    {\"path\": \(string(entry.sourcePath)), \"reason\": \(string(entry.reason)), \"due\": \(string(entry.dueUTC)), \"due_local\": \(string(entry.dueLocal))}"
        }
        return """
        {
          "time_zone": \(string(schedule.timeZone)),
          "next_due": \(string(schedule.next?.dueUTC)),
          "next_due_local": \(string(schedule.next?.dueLocal)),
          "next_cron_utc": \(string(schedule.nextCronUTC)),
          "held": [
        \(entries.joined(separator: ",\n"))
          ]
        }
        """
    }
}
