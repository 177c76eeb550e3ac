"""The JSON handler of `benches/server.sh` in Starlette, the anchor FastAPI users come from.

Run by the script as `uvicorn starlette_app:app --workers 1`.
"""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def small(request):
    # benches/common/mod.rs: small(7)
    return JSONResponse({"id": 1_000_007, "name": "Zoë Durand 7", "active": True})


app = Starlette(routes=[Route("/json", small)])
