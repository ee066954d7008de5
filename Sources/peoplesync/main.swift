import Foundation
import PeopleSyncCLI

exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
