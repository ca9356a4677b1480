// The engine's Node part. Its pure part (attribute values, element paths, the views and changes of a
// section) is @iis-console/config-common, re-exported by this package's index.
export {
  ConfigEngine,
  type EngineApplyOptions,
  type PlannedChange,
  type SectionSummary,
} from './ConfigEngine.js';
