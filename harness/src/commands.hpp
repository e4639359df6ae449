// The subcommands of `atmbench`. Each takes the arguments after its own name (argv[0] is the subcommand name) and
// returns the process exit status: 0 success, 1 a check failed (e.g. a MAC did not verify), 2 bad input / could
// not run (the bench's ERROR, kept apart from a FAIL everywhere).
#pragma once

namespace atmbench::cli {

int run_host(int argc, char** argv);
int run_iso8583(int argc, char** argv);
int run_crypto(int argc, char** argv);
int run_link(int argc, char** argv);
int run_devices(int argc, char** argv);
int run_certify(int argc, char** argv);
int run_escpos_printer(int argc, char** argv);
int run_ccnet(int argc, char** argv);
int run_run(int argc, char** argv);
int run_validate(int argc, char** argv);
int run_rules(int argc, char** argv);
int run_steps(int argc, char** argv);
int run_schema(int argc, char** argv);
int run_usb(int argc, char** argv);
int run_usb_sniff(int argc, char** argv);  // `atmbench usb sniff`, from run_usb

constexpr int kExitOk = 0;
constexpr int kExitFail = 1;
constexpr int kExitError = 2;

}  // namespace atmbench::cli
