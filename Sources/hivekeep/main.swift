import HiveKeepCLI

await HiveKeepMain.run()
