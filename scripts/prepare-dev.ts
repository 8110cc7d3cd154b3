// npm run dev: migrate, store the catalog and create the demo before Vite starts.
import { startup } from "~/services/startup.server";

await startup({ baseUrl: `http://localhost:${process.env.PORT ?? 5173}` });
process.exit(0);
