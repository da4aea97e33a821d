"""API errors, as ServerApiException / the servlet build them (ApiServer.getSerializedApiError)."""
from __future__ import annotations

# CSExceptionErrorCode (utils/.../CSExceptionErrorCode.java)
CS_SERVER_API = 9999          # org.apache.cloudstack.api.ServerApiException
CS_INVALID_PARAM = 4350       # com.cloud.exception.InvalidParameterValueException
CS_CLOUD_RUNTIME = 4250       # com.cloud.utils.exception.CloudRuntimeException
CS_PERMISSION_DENIED = 4365   # com.cloud.exception.PermissionDeniedException


class ApiError(Exception):
    """An error answer.

    code: HTTP status = errorcode.  cserrorcode: None for the servlet-built 401s.
    errorresponse: True forces the key "errorresponse" (unknown command / 432).
    header: whether the servlet sets X-Description (only in its ServerApiException catch).
    """

    def __init__(self, code, text, cserrorcode=CS_SERVER_API, errorresponse=False, header=True):
        super().__init__(text)
        self.code = int(code)
        self.text = text
        self.cserrorcode = cserrorcode
        self.errorresponse = errorresponse or self.code == 432
        self.header = header


def param_error(text, cs=CS_SERVER_API):
    """431 PARAM_ERROR (missing/invalid parameter, InvalidParameterValueException, IllegalArgumentException)."""
    return ApiError(431, text, cs)


def invalid_value(text):
    """InvalidParameterValueException thrown by a manager -> handleRequest -> 431 with cserrorcode 4350."""
    return ApiError(431, text, CS_INVALID_PARAM)


def runtime_error(text):
    """CloudRuntimeException thrown by a manager -> handleRequest catch(Exception) -> 530 with cserrorcode 4250."""
    return ApiError(530, text, CS_CLOUD_RUNTIME)


def internal_error(text):
    """ServerApiException(INTERNAL_ERROR, text) built by a command's execute()."""
    return ApiError(530, text, CS_SERVER_API)
