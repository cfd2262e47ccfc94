import ArgumentParser

@main
struct Newsroom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsroom",
        abstract: "Build a press-release newsroom from Markdown.",
        version: "0.1.0",
        subcommands: [BuildCommand.self, ScheduleCommand.self, NewCommand.self, InitCommand.self]
    )
}
