import ArgumentParser
import NewsroomKit

@main
struct Newsroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsroom",
        abstract: "Build a press-release newsroom from Markdown.",
        version: "0.1.0",
        subcommands: [InitCommand.self, NewCommand.self, BuildCommand.self, ServeCommand.self, ScheduleCommand.self]
    )

    /// ArgumentParser's own entry, once the allocator is set up for builds (`HeapGrowth`): the
    /// command may start again first, with huge pages for its heaps.
    static func main() async {
        HeapGrowth.startWithHugePages()
        HeapGrowth.pad()
        await main(nil)
    }
}
