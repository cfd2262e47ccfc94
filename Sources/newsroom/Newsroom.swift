import ArgumentParser

@main
struct Newsroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsroom",
        abstract: "Build a press-release newsroom from Markdown.",
        version: "0.1.0",
        subcommands: [InitCommand.self, NewCommand.self, BuildCommand.self, ServeCommand.self, ScheduleCommand.self]
    )
}
