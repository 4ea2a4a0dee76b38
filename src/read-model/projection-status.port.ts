/** How far one read model has folded the log. */
export interface ProjectionStatus {
  projection: string;
  version: number;
  /** The generation reads are served from (a rebuild builds the next one). */
  generation: number;
  /** The log position folded so far. */
  checkpoint: number;
}

/** Reports where every read model stands (the projection runner does; /health and /admin show it). */
export interface ProjectionStatusSource {
  status(): ProjectionStatus[];
}

export const PROJECTION_STATUS = Symbol('PROJECTION_STATUS');
