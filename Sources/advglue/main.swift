import AdvGlueCLI

await AdvGlueCommand.runMain()
