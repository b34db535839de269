// SwiftPM links an executable with main = <module>_main; this is that function for o2c-fuzz:
// it hands the command line to libFuzzer's driver with the Swift target's LLVMFuzzerTestOneInput.
int o2c_fuzz_main(int argc, char **argv);
