/** What a person reads goes to stderr, line by line: stdout is kept for --json. */
export const say = (line: string): void => {
  process.stderr.write(line + '\n');
};
