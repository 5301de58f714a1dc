export { IncidentsSection } from './IncidentsSection';
export { IncidentView } from './IncidentView';
