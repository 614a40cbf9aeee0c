// The rule toolkit: what the hadolint (DL), BuildKit and Stevedore (SD) rules share, one module
// per kind of thing, as hadolint keeps its helpers in Shell.hs and Utils.hs. Rules import from here.
//   text        offsets <-> positions (one index per lint, `\r\n` aware), ranges, whole lines
//   stages      stage ancestry, the stage of an instruction, which stages ship
//   words       words and flags of an instruction, flags and arguments of a shell command
//   imageRef    image references: one parser, Docker's validity check
//   variables   BuildKit's `$NAME` expansion, global ARGs, "did you mean"
//   platform    `--platform` values
//   buildSteps  what RUN steps install, remove and build; paths followed through a stage
//   checks      whole checks several rules share ("once per stage", package pins, cache clean-up,
//               the SD1xxx/SD2xxx dev-container guard)
//   labels      LABEL properties and the label-schema check (DL3048-DL3058)
//   assumeYes   the missing `-y` check of yum and dnf (DL3030, DL3038)
// The shell parser (../../shell.ts, ../../simpleShell.ts) and RUN merging (../../runMerge.ts) stay
// beside the engine, which uses them too.
export * from './text';
export * from './stages';
export * from './words';
export * from './imageRef';
export * from './variables';
export * from './platform';
export * from './buildSteps';
export { appendStart, continuation, mergeShape, SHELL_STATE } from '../../runMerge';
export * from './checks';
export * from './labels';
export * from './assumeYes';
