/** The one part of jStat (https://jstat.github.io) this project uses; the package ships no types. */
declare module 'jstat' {
  const jstat: { readonly jStat: { readonly studentt: { inv(p: number, degreesOfFreedom: number): number } } };
  export default jstat;
}
