fn main() {
    std::process::exit(izdeu::cli::main());
}
